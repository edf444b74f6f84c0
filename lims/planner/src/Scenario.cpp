#include "natlims/planner/Scenario.h"

#include <cmath>

namespace natlims::planner {

double Scenario::startMinuteOfDay() const {
  const double local = startUnixSeconds / 60.0 + offsetMinutes;
  double m = std::fmod(local, 1440.0);
  if (m < 0) m += 1440.0;
  return m;
}

std::int64_t Scenario::peopleIn(const GridUnit& unit, std::size_t group) const {
  if (group < priorityGroups.size()) return group < unit.groupPeople.size() ? unit.groupPeople[group] : 0;
  std::int64_t rest = unit.population;
  for (std::size_t g = 0; g < priorityGroups.size() && g < unit.groupPeople.size(); ++g) rest -= unit.groupPeople[g];
  return rest;
}

int Scenario::siteIndex(const std::string& id) const {
  for (std::size_t i = 0; i < sites.size(); ++i)
    if (sites[i].id == id) return static_cast<int>(i);
  return -1;
}

int Scenario::labIndex(const std::string& id) const {
  for (std::size_t i = 0; i < labs.size(); ++i)
    if (labs[i].id == id) return static_cast<int>(i);
  return -1;
}

std::int64_t Scenario::totalPopulation() const {
  std::int64_t total = 0;
  for (const auto& u : gridUnits) total += u.population;
  return total;
}

}  // namespace natlims::planner
