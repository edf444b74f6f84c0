#pragma once

#include <optional>

#include "natlims/planner/Scenario.h"
#include "natlims/planner/ScenarioError.h"

namespace natlims::planner {

/// Checks a scenario built in code (or read by ScenarioReader, which calls this): ranges, unique
/// ids and paths, references between grid units, sites and labs, opening hours, priority groups.
/// Returns the first problem, naming its field as the JSON would ("labs[0].controls must be less
/// than labs[0].wells"), or nothing when the scenario can be planned. It also sets
/// startUnixSeconds and offsetMinutes from `start`.
class ScenarioValidator {
 public:
  static std::optional<ScenarioError> validate(Scenario& scenario);
};

}  // namespace natlims::planner
