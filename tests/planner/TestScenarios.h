#pragma once

#include <stdexcept>
#include <string>

#include "natlims/planner/Scenario.h"
#include "natlims/planner/ScenarioValidator.h"

namespace natlims::planner::test {

/// One site and one lab around the clock from midnight: 12,000 people at 8 tables of 150/h
/// (10 h), 10-in-1 (1,200 tubes), pickups every 60 min, 45 min to the lab; 10 instruments,
/// 94 tubes a plate, 60 min extraction, 100 min runs, 5 min review by 10 reviewers (never
/// waiting), 15 min report; no positives.
/// Completion by hand: 600 + 45 + 60 + 100 + 5 = 810 min.
inline Scenario oneSiteOneLab() {
  Scenario s;
  s.name = "one site, one lab";
  s.start = "2026-12-01T00:00:00+08:00";
  s.deadlineHours = 48;
  s.prevalence = 0;
  s.priorityGroups.clear();
  s.gridUnits.push_back(GridUnit{.path = "D1/S1/C1", .population = 12000, .site = "P1", .poolSize = 10});
  s.sites.push_back(Site{.id = "P1", .tables = 8, .lab = "L1", .pickupEveryMinutes = 60, .transportMinutes = 45});
  s.labs.push_back(Lab{.id = "L1", .instruments = 10, .reviewers = 10});
  return s;
}

/// Validates (which also reads `start`) and returns the scenario; throws on a bad one.
inline Scenario valid(Scenario s) {
  if (auto error = ScenarioValidator::validate(s)) throw std::runtime_error(error->message);
  return s;
}

}  // namespace natlims::planner::test
