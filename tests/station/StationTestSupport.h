#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/IdDocument.h"

namespace natlims::station::test {

/// A valid 18-digit resident ID, distinct for n < 336,000 (area 110105, born 1990, sequence n % 1000).
inline std::string residentId(unsigned n) {
  char first17[32];
  std::snprintf(first17, sizeof first17, "1101051990%02u%02u%03u", 1 + (n / 1000) % 12, 1 + (n / 12000) % 28, n % 1000);
  std::string id(first17, 17);
  id.push_back(domain::residentIdCheckChar(id));
  return id;
}

/// The same ID with a wrong check character.
inline std::string badCheckId(unsigned n) {
  std::string id = residentId(n);
  id.back() = id.back() == '1' ? '2' : '1';
  return id;
}

inline std::string tubeCode(std::uint64_t n) { return domain::makeCodeFromNumber(domain::CodeKind::Tube, n); }
inline std::string boxCode(std::uint64_t n) { return domain::makeCodeFromNumber(domain::CodeKind::Box, n); }
inline std::string courierCode(std::uint64_t n) { return domain::makeCodeFromNumber(domain::CodeKind::Courier, n); }

/// A code with its check symbol replaced by another symbol.
inline std::string withBadCheck(std::string code) {
  code.back() = code.back() == '0' ? '1' : '0';
  return code;
}

}  // namespace natlims::station::test
