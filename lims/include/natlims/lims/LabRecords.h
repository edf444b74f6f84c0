#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "natlims/lims/Time.h"

namespace natlims::lims {

/// What the lab found on opening a box.
struct BoxReceipt {
  std::string box;
  std::vector<std::string> received;    // tubes accepted into the lab (manifest and unexpected)
  std::vector<std::string> missing;     // in the manifest, not scanned
  std::vector<std::string> unexpected;  // scanned, not in the manifest
  std::optional<std::int64_t> transitMinutes;
  std::optional<double> temperatureC;
  std::vector<std::string> flags;       // transit_over_limit, temperature_missing, temperature_out_of_range
};

struct PlateWellRecord {
  std::string well;  // "A1"
  int row = 0;       // 0-based
  int col = 0;       // 0-based
  std::string kind;  // sample | positive_control | negative_control
  std::string name;  // tube code or control name
};

struct PlateRecord {
  std::int64_t id = 0;
  std::string kitId;
  std::string kitVersion;
  int wells = 96;
  std::string state;  // laid_out | run | released | invalid
  std::vector<PlateWellRecord> layout;
};

/// One tube's interpreted result within a run.
struct TubeResultRecord {
  std::string tube;
  std::string well;
  std::string result;  // negative | positive | retest | invalid
  std::string ctJson;  // {"ORF1ab":31.2,"N":"undetermined",...}
  std::string reason;
};

/// A run to store: the file, what was read from it and how it was interpreted.
struct NewRun {
  std::int64_t plateId = 0;
  std::string sha256;  // raw 32 bytes of the file (or files) as received
  std::string format;
  std::string instrument;
  std::string runRef;
  std::string kitId;
  std::string kitVersion;
  bool plateValid = false;
  std::vector<std::string> problems;
  std::vector<TubeResultRecord> tubes;
  std::string fileBytes;
};

struct StoredRun {
  std::int64_t id = 0;
  std::int64_t plateId = 0;
  bool plateValid = false;
  std::vector<std::string> problems;
  std::string kitId;
  std::string kitVersion;
  std::int64_t importedBy = 0;
  Millis releasedAt = 0;
  std::vector<TubeResultRecord> tubes;
  bool replayed = false;  // the same bytes were imported before: this is that run
};

/// A person's status as the lookup answers it.
struct PersonStatus {
  std::string idType;
  std::string idNumber;  // full: the handler masks it
  std::string name;      // full: the handler masks it
  std::string status;    // not_sampled | pending | negative | positive | retest | invalid | pool_positive
  Millis sampledAt = 0;
  Millis resultedAt = 0;
  std::string tube;
  std::int64_t campaignId = 0;
};

/// A person of a positive pool, for community workers (full name and phone: they must find them).
struct RecallEntry {
  std::string poolTube;
  std::string poolResult;  // positive | retest
  std::string name;
  std::string phone;
  std::string idType;
  std::string idNumber;  // masked by the handler in lists
  std::string gridUnit;
  std::string station;
  Millis sampledAt = 0;
  Millis releasedAt = 0;
  std::string resampleTube;    // the single tube after re-sampling, when done
  std::string resampleResult;  // its released result, when known
};

}  // namespace natlims::lims
