#include "natlims/planner/ScenarioValidator.h"

#include <cmath>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "natlims/domain/GridPath.h"
#include "natlims/planner/TimeFormat.h"

namespace natlims::planner {

namespace {

// Collects the first problem; every check names its field the way the JSON spells it.
class Checker {
 public:
  bool failed() const { return _error.has_value(); }
  std::optional<ScenarioError> take() { return std::move(_error); }

  void fail(const std::string& field, const std::string& what) {
    if (!_error) _error = ScenarioError{field, field + " " + what};
  }

  // lo < x <= hi (or lo <= x when inclusive).
  void range(const std::string& field, double x, double lo, double hi, bool loInclusive) {
    if (failed()) return;
    const bool ok = std::isfinite(x) && (loInclusive ? x >= lo : x > lo) && x <= hi;
    if (ok) return;
    std::ostringstream what;
    what << "must be " << (loInclusive ? ">= " : "> ") << lo;
    if (!std::isfinite(x) || x > hi) what << " and <= " << hi;
    fail(field, what.str());
  }

 private:
  std::optional<ScenarioError> _error;
};

std::string at(const std::string& name, std::size_t i) { return name + "[" + std::to_string(i) + "]"; }

void checkOpen(Checker& c, const std::string& field, const std::vector<OpenInterval>& open) {
  if (open.empty()) c.fail(field, "must list at least one [from_hour, to_hour]");
  for (std::size_t i = 0; i < open.size() && !c.failed(); ++i) {
    const auto& o = open[i];
    if (!(o.from >= 0 && o.from < 24 && o.to > o.from && o.to <= 24))
      c.fail(at(field, i), "must be [from_hour, to_hour] with 0 <= from < to <= 24");
    else if (i > 0 && o.from < open[i - 1].to)
      c.fail(at(field, i), "must start after " + at(field, i - 1) + " ends (hours in order, no overlap)");
  }
}

void checkTop(Checker& c, Scenario& s) {
  const auto start = TimeFormat::parse(s.start);
  if (!start) {
    c.fail("start", "must be an RFC 3339 time with an offset, e.g. 2026-12-01T06:00:00+08:00");
  } else {
    s.startUnixSeconds = start->unixSeconds;
    s.offsetMinutes = start->offsetMinutes;
  }
  c.range("deadline_hours", s.deadlineHours, 0, 24 * 90, false);
  c.range("report_sla_minutes", s.reportSlaMinutes, 0, 7 * 1440, false);
  if (!(s.prevalence >= 0 && s.prevalence < 1)) c.fail("prevalence", "must be >= 0 and < 1");
  c.range("pool_size", s.poolSize, 1, 50, true);
  c.range("review_minutes", s.reviewMinutes, 0, 1440, true);
  c.range("report_minutes", s.reportMinutes, 0, 1440, true);
  c.range("recall_minutes", s.recallMinutes, 0, 7 * 1440, true);
  c.range("plate_fill_wait_minutes", s.plateFillWaitMinutes, 0, 1440, true);
  c.range("simulation.service_cv", s.simulation.serviceCv, 0, 3, true);
  c.range("simulation.transport_cv", s.simulation.transportCv, 0, 3, true);
  c.range("simulation.duration_spread", s.simulation.durationSpread, 0, 0.9, true);
  c.range("simulation.recall_cv", s.simulation.recallCv, 0, 3, true);
}

void checkGroups(Checker& c, const Scenario& s) {
  if (s.priorityGroups.size() > 8) c.fail("priority_groups", "must list at most 8 groups");
  std::unordered_set<std::string> names;
  for (std::size_t i = 0; i < s.priorityGroups.size() && !c.failed(); ++i) {
    const auto& g = s.priorityGroups[i];
    const std::string f = at("priority_groups", i);
    if (g.name.empty()) c.fail(f + ".name", "must not be empty");
    else if (g.name == "everyone") c.fail(f + ".name", "must not be \"everyone\" (the rest of the population)");
    else if (!names.insert(g.name).second) c.fail(f + ".name", "repeats the group \"" + g.name + "\"");
    c.range(f + ".pool_size", g.poolSize, 1, 50, true);
  }
}

void checkSites(Checker& c, const Scenario& s, const std::unordered_set<std::string>& labIds) {
  if (s.sites.empty()) c.fail("sites", "must list at least one sampling site");
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < s.sites.size() && !c.failed(); ++i) {
    const auto& site = s.sites[i];
    const std::string f = at("sites", i);
    if (site.id.empty()) c.fail(f + ".id", "must not be empty");
    else if (!ids.insert(site.id).second) c.fail(f + ".id", "repeats the site id \"" + site.id + "\"");
    c.range(f + ".tables", site.tables, 0, 1'000'000, false);
    c.range(f + ".per_table_per_hour", site.perTablePerHour, 0, 10'000, false);
    checkOpen(c, f + ".open", site.open);
    if (!c.failed() && !labIds.count(site.lab)) c.fail(f + ".lab", "names no lab (\"" + site.lab + "\")");
    c.range(f + ".pickup_every_minutes", site.pickupEveryMinutes, 1, 1440, true);
    c.range(f + ".transport_minutes", site.transportMinutes, 0, 7 * 1440, true);
    c.range(f + ".tubes_per_pickup", site.tubesPerPickup, 0, 1'000'000'000, true);
  }
}

void checkLabs(Checker& c, const Scenario& s) {
  if (s.labs.empty()) c.fail("labs", "must list at least one lab");
  std::unordered_set<std::string> ids;
  for (std::size_t i = 0; i < s.labs.size() && !c.failed(); ++i) {
    const auto& lab = s.labs[i];
    const std::string f = at("labs", i);
    if (lab.id.empty()) c.fail(f + ".id", "must not be empty");
    else if (!ids.insert(lab.id).second) c.fail(f + ".id", "repeats the lab id \"" + lab.id + "\"");
    c.range(f + ".instruments", lab.instruments, 0, 100'000, false);
    c.range(f + ".wells", lab.wells, 2, 1536, true);
    c.range(f + ".controls", lab.controls, 0, 1536, true);
    if (!c.failed() && lab.controls >= lab.wells) c.fail(f + ".controls", "must be less than " + f + ".wells");
    c.range(f + ".run_minutes", lab.runMinutes, 0, 1440, false);
    c.range(f + ".extraction_minutes", lab.extractionMinutes, 0, 1440, true);
    checkOpen(c, f + ".open", lab.open);
    c.range(f + ".reviewers", lab.reviewers, 0, 100'000, true);
    if (lab.reviewMinutes != -1) c.range(f + ".review_minutes", lab.reviewMinutes, 0, 1440, true);
  }
}

void checkGridUnits(Checker& c, const Scenario& s, const std::unordered_set<std::string>& siteIds) {
  if (s.gridUnits.empty()) c.fail("grid_units", "must list at least one grid unit");
  std::unordered_map<std::string, std::size_t> paths;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < s.gridUnits.size() && !c.failed(); ++i) {
    const auto& u = s.gridUnits[i];
    const std::string f = at("grid_units", i);
    const auto path = domain::validateGridPath(u.path);
    if (!path.ok) {
      c.fail(f + ".path", path.error);
      break;
    }
    const auto [it, fresh] = paths.emplace(path.normalized, i);
    if (!fresh) c.fail(f + ".path", "repeats grid_units[" + std::to_string(it->second) + "].path");
    c.range(f + ".population", static_cast<double>(u.population), 0, 2e9, true);
    if (!c.failed() && !siteIds.count(u.site)) c.fail(f + ".site", "names no site (\"" + u.site + "\")");
    if (u.poolSize != 0) c.range(f + ".pool_size", u.poolSize, 1, 50, true);
    if (u.groupPeople.size() > s.priorityGroups.size())
      c.fail(f + ".groups", "has more entries than priority_groups");
    std::int64_t inGroups = 0;
    for (std::size_t g = 0; g < u.groupPeople.size() && !c.failed(); ++g) {
      c.range(f + ".groups." + s.priorityGroups[g].name, static_cast<double>(u.groupPeople[g]), 0, 2e9, true);
      inGroups += u.groupPeople[g];
    }
    if (!c.failed() && inGroups > u.population)
      c.fail(f + ".groups", "count more people than " + f + ".population");
    total += u.population;
  }
  if (!c.failed() && total <= 0) c.fail("grid_units", "must hold at least one person (population)");
}

}  // namespace

std::optional<ScenarioError> ScenarioValidator::validate(Scenario& s) {
  Checker c;
  checkTop(c, s);
  checkGroups(c, s);
  std::unordered_set<std::string> labIds, siteIds;
  for (const auto& lab : s.labs) labIds.insert(lab.id);
  for (const auto& site : s.sites) siteIds.insert(site.id);
  checkLabs(c, s);
  checkSites(c, s, labIds);
  checkGridUnits(c, s, siteIds);
  return c.take();
}

}  // namespace natlims::planner
