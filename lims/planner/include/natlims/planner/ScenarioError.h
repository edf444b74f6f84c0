#pragma once

#include <string>

namespace natlims::planner {

/// Why a scenario was refused: the field at fault in JSON notation ("sites[2].tables", "start")
/// and a one-line message for a person that names it ("sites[2].tables must be > 0").
struct ScenarioError {
  std::string field;
  std::string message;
};

}  // namespace natlims::planner
