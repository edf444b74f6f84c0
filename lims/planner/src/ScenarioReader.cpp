#include "natlims/planner/ScenarioReader.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "natlims/planner/ScenarioValidator.h"

namespace natlims::planner {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Poco::Dynamic::Var;

// Thrown inside the reader only, and turned into a ScenarioError in read(): the walk over nested
// objects stays readable without an error check after every field.
struct Refusal {
  ScenarioError error;
};

[[noreturn]] void refuse(const std::string& field, const std::string& what) {
  throw Refusal{{field, field + " " + what}};
}

bool isObject(const Var& v) { return v.type() == typeid(Object::Ptr); }
bool isArray(const Var& v) { return v.type() == typeid(Array::Ptr); }

// One JSON object being read: remembers which keys were used, so that a misspelt key is refused
// instead of silently falling back to a default.
class Fields {
 public:
  Fields(Object::Ptr object, std::string path) : _object(std::move(object)), _path(std::move(path)) {}

  std::string field(const std::string& key) const { return _path.empty() ? key : _path + "." + key; }

  bool has(const std::string& key) {
    _used.insert(key);
    return _object->has(key) && !_object->get(key).isEmpty();
  }

  Var get(const std::string& key) { return _object->get(key); }

  std::string string(const std::string& key, bool required, const std::string& fallback = "") {
    if (!has(key)) {
      if (required) refuse(field(key), "is required");
      return fallback;
    }
    const Var v = get(key);
    if (!v.isString()) refuse(field(key), "must be a string");
    return v.extract<std::string>();
  }

  double number(const std::string& key, double fallback, bool required = false) {
    if (!has(key)) {
      if (required) refuse(field(key), "is required");
      return fallback;
    }
    const Var v = get(key);
    if (!v.isNumeric() || v.isBoolean()) refuse(field(key), "must be a number");
    const double d = v.convert<double>();
    if (!std::isfinite(d)) refuse(field(key), "must be a finite number");
    return d;
  }

  std::int64_t whole(const std::string& key, std::int64_t fallback, bool required = false) {
    const double d = number(key, static_cast<double>(fallback), required);
    if (d != std::floor(d)) refuse(field(key), "must be a whole number");
    if (std::fabs(d) > 9.0e15) refuse(field(key), "is too large");
    return static_cast<std::int64_t>(d);
  }

  int wholeInt(const std::string& key, int fallback, bool required = false) {
    const std::int64_t v = whole(key, fallback, required);
    if (v > 2'000'000'000 || v < -2'000'000'000) refuse(field(key), "is too large");
    return static_cast<int>(v);
  }

  Array::Ptr array(const std::string& key, bool required) {
    if (!has(key)) {
      if (required) refuse(field(key), "is required");
      return nullptr;
    }
    const Var v = get(key);
    if (!isArray(v)) refuse(field(key), "must be an array");
    return v.extract<Array::Ptr>();
  }

  Object::Ptr object(const std::string& key) {
    if (!has(key)) return nullptr;
    const Var v = get(key);
    if (!isObject(v)) refuse(field(key), "must be an object");
    return v.extract<Object::Ptr>();
  }

  // Keys starting with '_' are comments.
  void refuseUnknown() const {
    std::vector<std::string> names;
    _object->getNames(names);
    for (const auto& name : names) {
      if (!name.empty() && name[0] == '_') continue;
      if (!_used.count(name)) refuse(field(name), "is not a known field");
    }
  }

 private:
  Object::Ptr _object;
  std::string _path;
  std::set<std::string> _used;
};

Object::Ptr objectAt(const Array::Ptr& array, std::size_t i, const std::string& field) {
  const Var v = array->get(static_cast<unsigned>(i));
  if (!isObject(v)) refuse(field, "must be an object");
  return v.extract<Object::Ptr>();
}

std::string indexed(const std::string& name, std::size_t i) { return name + "[" + std::to_string(i) + "]"; }

std::vector<OpenInterval> readOpen(Fields& f, const std::string& key, const std::vector<OpenInterval>& fallback) {
  const auto array = f.array(key, false);
  if (!array) return fallback;
  std::vector<OpenInterval> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string field = indexed(f.field(key), i);
    const Var v = array->get(static_cast<unsigned>(i));
    if (!isArray(v)) refuse(field, "must be an array [from_hour, to_hour]");
    const auto pair = v.extract<Array::Ptr>();
    if (pair->size() != 2) refuse(field, "must be an array [from_hour, to_hour]");
    OpenInterval interval;
    for (unsigned k = 0; k < 2; ++k) {
      const Var h = pair->get(k);
      if (!h.isNumeric() || h.isBoolean()) refuse(field, "must hold two numbers (hours)");
      (k == 0 ? interval.from : interval.to) = h.convert<double>();
    }
    out.push_back(interval);
  }
  return out;
}

void readPriorityGroups(Fields& top, Scenario& s) {
  const auto array = top.array("priority_groups", false);
  if (!array) return;
  s.priorityGroups.clear();
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = indexed("priority_groups", i);
    Fields f(objectAt(array, i, path), path);
    PriorityGroup g;
    g.name = f.string("name", true);
    g.poolSize = f.wholeInt("pool_size", 1);
    f.refuseUnknown();
    s.priorityGroups.push_back(g);
  }
}

void readGridUnits(Fields& top, Scenario& s) {
  const auto array = top.array("grid_units", true);
  s.gridUnits.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = indexed("grid_units", i);
    Fields f(objectAt(array, i, path), path);
    GridUnit u;
    u.path = f.string("path", true);
    u.population = f.whole("population", 0, true);
    u.site = f.string("site", true);
    u.poolSize = f.wholeInt("pool_size", 0);
    if (f.has("pool_size") && u.poolSize == 0) refuse(f.field("pool_size"), "must be >= 1 and <= 50");
    if (const auto groups = f.object("groups")) {
      Fields g(groups, f.field("groups"));
      u.groupPeople.assign(s.priorityGroups.size(), 0);
      for (std::size_t k = 0; k < s.priorityGroups.size(); ++k)
        u.groupPeople[k] = g.whole(s.priorityGroups[k].name, 0);
      std::vector<std::string> names;
      groups->getNames(names);
      for (const auto& name : names) {
        const bool known = std::any_of(s.priorityGroups.begin(), s.priorityGroups.end(),
                                       [&](const PriorityGroup& p) { return p.name == name; });
        if (!known && !name.empty() && name[0] != '_')
          refuse(g.field(name), "is not a priority group (priority_groups names them)");
      }
    }
    f.refuseUnknown();
    s.gridUnits.push_back(std::move(u));
  }
}

void readSites(Fields& top, Scenario& s) {
  const auto array = top.array("sites", true);
  s.sites.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = indexed("sites", i);
    Fields f(objectAt(array, i, path), path);
    Site site;
    site.id = f.string("id", true);
    site.tables = f.wholeInt("tables", 0, true);
    site.perTablePerHour = f.number("per_table_per_hour", site.perTablePerHour);
    site.open = readOpen(f, "open", site.open);
    site.lab = f.string("lab", true);
    site.pickupEveryMinutes = f.number("pickup_every_minutes", site.pickupEveryMinutes);
    site.transportMinutes = f.number("transport_minutes", site.transportMinutes);
    site.tubesPerPickup = f.wholeInt("tubes_per_pickup", 0);
    f.refuseUnknown();
    s.sites.push_back(std::move(site));
  }
}

void readLabs(Fields& top, Scenario& s) {
  const auto array = top.array("labs", true);
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = indexed("labs", i);
    Fields f(objectAt(array, i, path), path);
    Lab lab;
    lab.id = f.string("id", true);
    lab.instruments = f.wholeInt("instruments", 0, true);
    lab.wells = f.wholeInt("wells", lab.wells);
    lab.controls = f.wholeInt("controls", lab.controls);
    lab.runMinutes = f.number("run_minutes", lab.runMinutes);
    lab.extractionMinutes = f.number("extraction_minutes", lab.extractionMinutes);
    lab.open = readOpen(f, "open", lab.open);
    lab.reviewers = f.wholeInt("reviewers", 0);
    if (f.has("reviewers") && lab.reviewers == 0) refuse(f.field("reviewers"), "must be > 0");
    lab.reviewMinutes = f.number("review_minutes", -1);
    if (f.has("review_minutes") && lab.reviewMinutes < 0) refuse(f.field("review_minutes"), "must be >= 0");
    f.refuseUnknown();
    s.labs.push_back(std::move(lab));
  }
}

void readSimulation(Fields& top, Scenario& s) {
  const auto object = top.object("simulation");
  if (!object) return;
  Fields f(object, "simulation");
  s.simulation.serviceCv = f.number("service_cv", s.simulation.serviceCv);
  s.simulation.transportCv = f.number("transport_cv", s.simulation.transportCv);
  s.simulation.durationSpread = f.number("duration_spread", s.simulation.durationSpread);
  s.simulation.recallCv = f.number("recall_cv", s.simulation.recallCv);
  f.refuseUnknown();
}

Scenario readScenario(const Object::Ptr& root) {
  Scenario s;
  Fields top(root, "");
  s.name = top.string("name", false);
  s.start = top.string("start", true);
  s.deadlineHours = top.number("deadline_hours", s.deadlineHours);
  s.reportSlaMinutes = top.number("report_sla_minutes", s.reportSlaMinutes);
  s.prevalence = top.number("prevalence", s.prevalence);
  s.poolSize = top.wholeInt("pool_size", s.poolSize);
  s.reviewMinutes = top.number("review_minutes", s.reviewMinutes);
  s.reportMinutes = top.number("report_minutes", s.reportMinutes);
  s.recallMinutes = top.number("recall_minutes", s.recallMinutes);
  s.plateFillWaitMinutes = top.number("plate_fill_wait_minutes", s.plateFillWaitMinutes);
  readPriorityGroups(top, s);
  readGridUnits(top, s);
  readSites(top, s);
  readLabs(top, s);
  readSimulation(top, s);
  top.refuseUnknown();
  return s;
}

}  // namespace

ScenarioReadResult ScenarioReader::read(std::string_view json) {
  ScenarioReadResult result;
  try {
    Poco::JSON::Parser parser;
    const Var root = parser.parse(std::string(json));
    if (!isObject(root)) refuse("scenario", "must be a JSON object");
    Scenario s = readScenario(root.extract<Object::Ptr>());
    if (auto error = ScenarioValidator::validate(s)) {
      result.error = std::move(*error);
      return result;
    }
    result.scenario = std::move(s);
  } catch (const Refusal& r) {
    result.error = r.error;
  } catch (const Poco::Exception& e) {
    result.error = {"scenario", "scenario is not valid JSON: " + e.displayText()};
  }
  return result;
}

}  // namespace natlims::planner
