#pragma once

// Collects the results of one message for a run document and reports duplicates (private).

#include <map>
#include <string>
#include <tuple>

#include "natlims/links/MappedRun.h"

namespace natlims::links {

class ResultCollector {
 public:
  explicit ResultCollector(MappedRun& run) : _run(run) {}

  /// Adds `result`; a second result for the same (well, sample, target) is a problem naming
  /// `where` and the first one's place, never silently kept or dropped.
  void add(WellResult result, const std::string& where);

 private:
  MappedRun& _run;
  std::map<std::tuple<std::string, std::string, std::string>, std::string> _seen;  // -> where
};

}  // namespace natlims::links
