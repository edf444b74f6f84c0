#include "ResultCollector.h"

namespace natlims::links {

void ResultCollector::add(WellResult result, const std::string& where) {
  auto key = std::make_tuple(result.well.value_or(""), result.sample, result.target);
  const auto [it, inserted] = _seen.emplace(key, where);
  if (!inserted) {
    _run.problems.push_back(where + ": a second result for sample " + result.sample + " target " +
                            result.target + " (the first is " + it->second + ")");
    return;
  }
  _run.run.wells.push_back(std::move(result));
}

}  // namespace natlims::links
