#pragma once

#include <string>

#include "natlims/planner/Plan.h"
#include "natlims/planner/Simulator.h"

namespace natlims::planner {

/// The plan as JSON: what `lims-plan --json` prints and `POST /api/v1/plan` answers. At least
/// {"completion": RFC 3339 at the start's offset, "hours_to_complete", "within_deadline",
/// "bottleneck": "sampling"|"transport"|"lab", "report_p99_minutes"}, then the verdict, remedies,
/// SLA check, recall, groups, sites and labs (docs/planner.md lists every field). The pickups are
/// left out (see ScheduleCsv); the invitation slots only on request. With a simulation report,
/// adds "simulation".
class PlanJson {
 public:
  struct Options {
    bool slots = false;  // add "slots": [{site, grid_unit, group, people, tubes, pool_size,
                         // start, end, start_hours, end_hours}] (what live tracking compares with)
  };
  static std::string write(const Plan& plan, const SimulationReport* simulation = nullptr);
  static std::string write(const Plan& plan, const SimulationReport* simulation, const Options& options);
};

}  // namespace natlims::planner
