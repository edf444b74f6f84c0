#pragma once

#include <optional>
#include <string_view>

#include "natlims/planner/Scenario.h"
#include "natlims/planner/ScenarioError.h"

namespace natlims::planner {

/// The outcome of reading a scenario: a valid scenario, or the first error found.
struct ScenarioReadResult {
  std::optional<Scenario> scenario;
  ScenarioError error;  // set when !scenario
  explicit operator bool() const { return scenario.has_value(); }
};

/// Reads a scenario from its JSON text (the format of docs/planner.md, which `lims-plan` and
/// `POST /api/v1/plan` accept). Fills the documented defaults, refuses unknown fields, wrong
/// types and values out of range, then applies ScenarioValidator. Never throws for bad input:
/// the error names the field ("grid_units[3].site: no site \"P9\"").
class ScenarioReader {
 public:
  static ScenarioReadResult read(std::string_view json);
};

}  // namespace natlims::planner
