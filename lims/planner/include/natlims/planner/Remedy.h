#pragma once

#include <string>
#include <vector>

#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// One change a remedy makes: a site's tables or pickup interval, a lab's instruments or
/// reviewers, from one value to another.
struct RemedyChange {
  enum class Kind { Tables, PickupEveryMinutes, Instruments, Reviewers };
  Kind kind = Kind::Tables;
  std::string target;  // site id (tables, pickups) or lab id (instruments, reviewers)
  double from = 0;
  double to = 0;
};

/// What to add so that the round finishes by its deadline (or reports positives within the SLA).
/// The planner proposes a remedy only after planning the scenario with it applied.
struct Remedy {
  std::string stage;                 // "sampling", "transport", "lab", or "combined"
  std::vector<RemedyChange> changes;
  std::string text;                  // "add 40 tables at site P3"
  double completionMinutes = 0;      // the planned completion with the remedy applied
  double reportMaxMinutes = 0;       // the planned slowest positive report with it applied
};

/// The scenario with the remedy's changes made (unknown targets are ignored).
Scenario applyRemedy(const Scenario& scenario, const Remedy& remedy);

/// "tables", "pickup_every_minutes", "instruments", "reviewers".
const char* remedyKindName(RemedyChange::Kind kind);

}  // namespace natlims::planner
