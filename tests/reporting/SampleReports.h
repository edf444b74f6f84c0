#pragma once

#include <string>

#include "natlims/reporting/PositiveReport.h"

namespace natlims::reporting::test {

/// Instants of the sample reports (local time +08:00).
constexpr Millis collectedAt = 1796083200000LL;   // 2026-12-01 08:00 +08:00
constexpr Millis receivedAt = 1796094000000LL;    // 11:00
constexpr Millis releasedAt = 1796108400000LL;    // 15:00
constexpr Millis correctedAt = 1796112000000LL;   // 16:00

/// A valid 18-digit resident ID: `area` (6 digits), birth date (8), sequence (3), check.
std::string residentId(const std::string& area, const std::string& birth, int sequence);

/// An individual positive: 张三, male, born 1990-03-07, tube TX00000001, two targets with LOINC.
PositiveReport individualReport();
/// A pooled positive of `n` people in tube T1POOL0001.
PositiveReport pooledReport(int n = 10);
/// A positive cold-chain swab (environment sample).
PositiveReport environmentReport();

}  // namespace natlims::reporting::test
