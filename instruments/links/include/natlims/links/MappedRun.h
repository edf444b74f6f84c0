#pragma once

#include <string>
#include <vector>

#include "natlims/links/RunDocument.h"

namespace natlims::links {

/// A message mapped to a run document. When `problems` is not empty the run must not be stored:
/// each entry names the record/segment and field at fault, for a person ("O record 1: specimen
/// ID (O-3) 'AB12' is not a tube code (wrong length) nor a control name").
struct MappedRun {
  RunDocument run;
  std::vector<std::string> problems;
  int skippedRecords = 0;  // qualitative / non-Ct results left out (they are interpretations)
  bool ok() const { return problems.empty(); }
};

}  // namespace natlims::links
