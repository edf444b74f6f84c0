#pragma once

#include <string>

#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// Writes a scenario as the JSON ScenarioReader reads (every field, defaults included), so that a
/// generated scenario can be saved, edited and planned again.
class ScenarioWriter {
 public:
  static std::string write(const Scenario& scenario);
};

}  // namespace natlims::planner
