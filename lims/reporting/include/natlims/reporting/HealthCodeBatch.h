#pragma once

#include <string>
#include <vector>

#include "natlims/reporting/Millis.h"

namespace natlims::reporting {

/// One released result for the health-code system (contract: healthcode.endpoint).
struct HealthCodeResult {
  std::string idType;    // the contract's spelling: "resident_id", "passport", ...
  std::string idNumber;  // full: the authority's own system, over TLS in production
  std::string name;
  std::string status;    // "negative", "positive", "retest", "invalid", "pool_positive", "pending"
  Millis sampledAt = 0;  // required
  Millis resultedAt = 0; // 0: none yet (written as null), e.g. pool_positive awaiting re-sampling
  std::string tube;
  std::string lab;
};

/// The contract's batch body:
/// {"results":[{"id_type","id_number","name","status","sampled_at","resulted_at","tube","lab"}]}
/// with times in RFC 3339 at `utcOffsetMinutes`. Checks every row first and throws ReportError
/// naming it ("results[12].status") without echoing identities; an empty batch is refused too.
/// Written directly (no DOM) because a million results a minute pass through here.
std::string buildHealthCodeBatch(const std::vector<HealthCodeResult>& results, int utcOffsetMinutes = 480);

}  // namespace natlims::reporting
