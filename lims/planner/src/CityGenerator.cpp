#include "natlims/planner/CityGenerator.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "Random.h"
#include "natlims/planner/ScenarioValidator.h"

namespace natlims::planner {

namespace {

bool parseNumber(std::string_view text, double& out) {
  if (text.empty()) return false;
  std::size_t used = 0;
  try {
    out = std::stod(std::string(text), &used);
  } catch (...) {
    return false;
  }
  return used == text.size() && std::isfinite(out);
}

}  // namespace

std::optional<CitySpec> CityGenerator::parseSpec(std::string_view text, std::string& error) {
  CitySpec spec;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    const std::string key(item.substr(0, eq));
    double value = 0;
    if (eq == std::string_view::npos || !parseNumber(item.substr(eq + 1), value) || value < 0 || value != std::floor(value)) {
      error = "city spec item \"" + std::string(item) + "\" must be key=whole number";
      return std::nullopt;
    }
    if (key == "population") spec.population = static_cast<std::int64_t>(value);
    else if (key == "grid_units") spec.gridUnits = static_cast<int>(value);
    else if (key == "sites") spec.sites = static_cast<int>(value);
    else if (key == "labs") spec.labs = static_cast<int>(value);
    else if (key == "seed") spec.seed = static_cast<std::uint64_t>(value);
    else if (key == "deadline_hours") spec.deadlineHours = value;
    else {
      error = "city spec key \"" + key + "\" is not one of population, grid_units, sites, labs, seed, deadline_hours";
      return std::nullopt;
    }
  }
  if (spec.gridUnits < 1 || spec.sites < 1 || spec.labs < 1 || spec.population < spec.gridUnits ||
      spec.sites > spec.gridUnits || spec.labs > spec.sites || spec.deadlineHours <= 0) {
    error = "city spec needs population >= grid_units >= sites >= labs >= 1 and deadline_hours > 0";
    return std::nullopt;
  }
  return spec;
}

Scenario CityGenerator::generate(const CitySpec& spec) {
  Random random(Random::derive(spec.seed, 7, 11));
  Scenario s;
  s.name = "Synthetic city of " + std::to_string(spec.population) + " people";
  s.start = "2026-12-01T06:00:00+08:00";
  s.deadlineHours = spec.deadlineHours;

  // Unit sizes: lognormal weights scaled to the population exactly.
  std::vector<double> weights(static_cast<std::size_t>(spec.gridUnits));
  double total = 0;
  for (auto& w : weights) total += (w = random.lognormal(1.0, 0.5));
  std::int64_t assigned = 0;
  double acc = 0;
  std::vector<std::size_t> siteOfUnit;
  for (int u = 0; u < spec.gridUnits; ++u) {
    acc += weights[static_cast<std::size_t>(u)];
    const auto upTo = u + 1 == spec.gridUnits ? spec.population
                                              : static_cast<std::int64_t>(std::llround(spec.population * acc / total));
    GridUnit unit;
    unit.population = std::max<std::int64_t>(1, upTo - assigned);
    assigned += unit.population;
    const int district = u * 16 / spec.gridUnits;
    const int street = u * 400 / spec.gridUnits;
    unit.path = "District " + std::to_string(district + 1) + "/Street " + std::to_string(street + 1) + "/Community " +
                std::to_string(u + 1);
    const auto siteIndex = static_cast<std::size_t>(static_cast<long long>(u) * spec.sites / spec.gridUnits);
    unit.site = "P" + std::to_string(siteIndex + 1);
    siteOfUnit.push_back(siteIndex);
    unit.poolSize = random.uniform() < 0.25 ? 20 : 10;
    unit.groupPeople = {unit.population / 1000, unit.population / 50};  // close contacts, key groups
    s.gridUnits.push_back(std::move(unit));
  }

  std::vector<std::int64_t> sitePeople(static_cast<std::size_t>(spec.sites), 0);
  for (std::size_t u = 0; u < s.gridUnits.size(); ++u) sitePeople[siteOfUnit[u]] += s.gridUnits[u].population;
  std::vector<double> labTubes(static_cast<std::size_t>(spec.labs), 0);
  for (int i = 0; i < spec.sites; ++i) {
    Site site;
    site.id = "P" + std::to_string(i + 1);
    const auto people = sitePeople[static_cast<std::size_t>(i)];
    site.tables = std::max(1, static_cast<int>(std::ceil(static_cast<double>(people) / (150.0 * 12.0))));
    site.open = i % 10 == 0 ? std::vector<OpenInterval>{{0, 24}} : std::vector<OpenInterval>{{7, 22}};
    const int lab = static_cast<int>(static_cast<long long>(i) * spec.labs / spec.sites);
    site.lab = "L" + std::to_string(lab + 1);
    site.pickupEveryMinutes = 60;
    site.transportMinutes = std::round(random.uniform(20, 120));
    labTubes[static_cast<std::size_t>(lab)] += static_cast<double>(people) / 9.0;
    s.sites.push_back(std::move(site));
  }
  for (int l = 0; l < spec.labs; ++l) {
    Lab lab;
    lab.id = "L" + std::to_string(l + 1);
    // Instruments for the lab's tubes (and 12 % retests) within about 30 hours of runs.
    const double perInstrument = 94.0 * 60.0 / lab.runMinutes * 30.0;
    lab.instruments = std::max(1, static_cast<int>(std::ceil(labTubes[static_cast<std::size_t>(l)] * 1.12 / perInstrument)));
    s.labs.push_back(std::move(lab));
  }
  ScenarioValidator::validate(s);
  return s;
}

}  // namespace natlims::planner
