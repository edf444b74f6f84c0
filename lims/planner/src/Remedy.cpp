#include "natlims/planner/Remedy.h"

#include <cmath>

namespace natlims::planner {

const char* remedyKindName(RemedyChange::Kind kind) {
  switch (kind) {
    case RemedyChange::Kind::Tables: return "tables";
    case RemedyChange::Kind::PickupEveryMinutes: return "pickup_every_minutes";
    case RemedyChange::Kind::Instruments: return "instruments";
    case RemedyChange::Kind::Reviewers: return "reviewers";
  }
  return "";
}

Scenario applyRemedy(const Scenario& scenario, const Remedy& remedy) {
  Scenario s = scenario;
  for (const auto& change : remedy.changes) {
    const auto whole = static_cast<int>(std::lround(change.to));
    switch (change.kind) {
      case RemedyChange::Kind::Tables:
      case RemedyChange::Kind::PickupEveryMinutes:
        for (auto& site : s.sites)
          if (site.id == change.target) {
            if (change.kind == RemedyChange::Kind::Tables) site.tables = whole;
            else site.pickupEveryMinutes = change.to;
          }
        break;
      case RemedyChange::Kind::Instruments:
      case RemedyChange::Kind::Reviewers:
        for (auto& lab : s.labs)
          if (lab.id == change.target) {
            if (change.kind == RemedyChange::Kind::Instruments) lab.instruments = whole;
            else lab.reviewers = whole;
          }
        break;
    }
  }
  return s;
}

}  // namespace natlims::planner
