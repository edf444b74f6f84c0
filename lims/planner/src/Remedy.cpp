#include "natlims/planner/Remedy.h"

#include <cmath>
#include <unordered_map>

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
  std::unordered_map<std::string, std::size_t> sites, labs;
  for (std::size_t i = 0; i < s.sites.size(); ++i) sites.emplace(s.sites[i].id, i);
  for (std::size_t i = 0; i < s.labs.size(); ++i) labs.emplace(s.labs[i].id, i);
  for (const auto& change : remedy.changes) {
    const auto whole = static_cast<int>(std::lround(change.to));
    const bool onSite = change.kind == RemedyChange::Kind::Tables || change.kind == RemedyChange::Kind::PickupEveryMinutes;
    const auto& index = onSite ? sites : labs;
    const auto it = index.find(change.target);
    if (it == index.end()) continue;
    switch (change.kind) {
      case RemedyChange::Kind::Tables: s.sites[it->second].tables = whole; break;
      case RemedyChange::Kind::PickupEveryMinutes: s.sites[it->second].pickupEveryMinutes = change.to; break;
      case RemedyChange::Kind::Instruments: s.labs[it->second].instruments = whole; break;
      case RemedyChange::Kind::Reviewers: s.labs[it->second].reviewers = whole; break;
    }
  }
  return s;
}

}  // namespace natlims::planner
