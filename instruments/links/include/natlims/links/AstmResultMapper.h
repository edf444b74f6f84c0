#pragma once

#include "natlims/links/AstmMessage.h"
#include "natlims/links/MappedRun.h"

namespace natlims::links {

/// Turns an E1394 result message into a run document (docs/links.md "ASTM mapping"):
/// - instrument: the sender name H-5 (components joined by '^'); run id: H-3 (message control ID)
///   when given, else "sha256:" and the first 32 hex digits of the SHA-256 of the records, so that
///   the same message sent again gets the same id;
/// - each O record opens a sample: the specimen ID O-3 (first component) must be a tube code or a
///   control name (classifySample); a well is taken from O-4 when its last component is one;
/// - each R record under it with a Ct gives one result: the universal test ID R-3 names the target
///   (4th component, the manufacturer's code, else the last non-empty one; GeneXpert's 8-component
///   layout: the analyte name when the complementary name is Ct/Cq/Cp, other records skipped), a
///   dye when a component is one; the value R-4 (second component when it has two) is read by
///   parseCtText; interpretation records are skipped and counted;
/// - P records (patients) are never read; C, M and S records are ignored; a Q record makes the
///   message a query, which is refused (this gateway does not answer host queries).
/// Problems (bad sample names, unreadable values, duplicate results, no Ct at all) are listed and
/// the run must then not be stored.
MappedRun mapAstmMessage(const AstmMessage& message);

}  // namespace natlims::links
