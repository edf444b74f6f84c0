#pragma once

#include <ostream>

#include "natlims/planner/Plan.h"

namespace natlims::planner {

/// The schedule as CSV (RFC 4180, UTF-8), one row per item, header
/// `kind,site,grid_unit,group,lab,start,end,start_hours,end_hours,people,tubes,pool_size,plates,utilization`:
/// kind `slot` (a grid unit's invitation slot at its site), `pickup` (a courier pickup, start =
/// pickup, end = arrival at the lab), `lab` (one lab-hour: tubes tested, plates, instrument
/// utilization). Times are RFC 3339 at the scenario's offset.
class ScheduleCsv {
 public:
  static void write(const Plan& plan, std::ostream& out);
};

}  // namespace natlims::planner
