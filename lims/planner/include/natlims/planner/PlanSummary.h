#pragma once

#include <ostream>

#include "natlims/planner/Plan.h"
#include "natlims/planner/Simulator.h"

namespace natlims::planner {

/// The plain-text summary `lims-plan` prints by default: the verdict first, then the critical
/// path, stages, groups, SLA, recall and (when given) the simulation.
class PlanSummary {
 public:
  static void write(const Plan& plan, std::ostream& out, const SimulationReport* simulation = nullptr);
};

}  // namespace natlims::planner
