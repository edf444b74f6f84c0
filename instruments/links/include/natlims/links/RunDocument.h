#pragma once

#include <optional>
#include <string>
#include <vector>

namespace natlims::links {

/// One Ct result of one sample for one target, as a link received it.
struct WellResult {
  std::optional<std::string> well;  // "A1" when the instrument said where, else unknown
  std::string sample;               // canonical tube code, or "PC" / "NC" for a control
  std::string target;               // target (assay) name as the instrument names it, e.g. "ORF1ab"
  std::optional<std::string> dye;   // reporter dye when the instrument says, e.g. "FAM"
  std::optional<double> ct;         // std::nullopt: no amplification (a state, never a number)
};

/// A complete instrument message turned into the run document the server takes at
/// POST /api/v1/runs (Content-Type application/json), docs/links.md "The run document".
struct RunDocument {
  std::string source;      // "astm" or "hl7"
  std::string instrument;  // from the ASTM H record (H-5) or HL7 MSH-3
  std::string runId;       // stable: the same message gives the same id (see docs/links.md)
  std::vector<WellResult> wells;
};

/// The document as JSON, keys in a fixed order and numbers in their shortest exact form, so that
/// the same message always gives the same bytes (the server's idempotency relies on it):
/// {"format":"natlims-results-v1","source":…,"instrument":…,"run_id":…,"wells":[{"well"?,"sample",
///  "target","dye"?,"ct":number|null}]}. Strings must be UTF-8 (the mappers convert).
std::string toJson(const RunDocument& run);

}  // namespace natlims::links
