#pragma once

#include "natlims/planner/Plan.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// Plans a round. The scenario must be valid (ScenarioReader::read or ScenarioValidator).
///
/// The model (docs/planner.md): each site invites its grid units in slots at the rate of its open
/// tables, priority groups first; tubes close at the pool size (early at the end of a slot or a
/// day); couriers collect closed tubes every pickup interval and at closing, and travel to the
/// lab; labs fill plates, extract, run them on free instruments and review them (positives
/// first). Durations are their means, positives their expected numbers, placed on plates in order.
/// Deterministic and re-entrant. Throws std::invalid_argument, its message starting with the field
/// at fault ("sites[3].tables: ..."), when a site would sample for more than 120 days or the
/// couriers would call more than 5 million times.
class Planner {
 public:
  /// With remedies (several re-plans when the deadline is missed) and the SLA check.
  static Plan plan(const Scenario& scenario);
};

/// Planner::plan, for callers such as the server's POST /api/v1/plan.
inline Plan plan(const Scenario& scenario) { return Planner::plan(scenario); }

}  // namespace natlims::planner
