#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <functional>
#include <sstream>

#include "natlims/planner/ScenarioReader.h"
#include "natlims/planner/ScenarioWriter.h"

using namespace natlims::planner;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

const char* kMinimal = R"({
  "start": "2026-12-01T06:00:00+08:00",
  "grid_units": [{"path": "D1/S1/C1", "population": 12000, "site": "P1"},
                 {"path": "D1/S1/C2", "population": 8000, "site": "P2", "pool_size": 20,
                  "groups": {"close_contacts": 12, "key_groups": 300}}],
  "sites": [{"id": "P1", "tables": 8, "lab": "L1"}, {"id": "P2", "tables": 4, "lab": "L1", "open": [[7, 12], [13, 22]]}],
  "labs": [{"id": "L1", "instruments": 10}]
})";

Object::Ptr minimal() {
  Poco::JSON::Parser parser;
  return parser.parse(kMinimal).extract<Object::Ptr>();
}

Object::Ptr at(const Object::Ptr& root, const std::string& array, unsigned i) {
  return root->getArray(array)->getObject(i);
}

std::string text(const Object::Ptr& root) {
  std::ostringstream out;
  root->stringify(out);
  return out.str();
}

}  // namespace

TEST_CASE("a minimal scenario gets the documented defaults", "[planner][scenario]") {
  const auto r = ScenarioReader::read(kMinimal);
  REQUIRE(r);
  const Scenario& s = *r.scenario;
  CHECK(s.deadlineHours == 48);
  CHECK(s.reportSlaMinutes == 120);
  CHECK(s.prevalence == Approx(0.001));
  CHECK(s.poolSize == 10);
  CHECK(s.offsetMinutes == 480);
  CHECK(s.startMinuteOfDay() == Approx(360));
  REQUIRE(s.priorityGroups.size() == 2);
  CHECK(s.priorityGroups[0].name == "close_contacts");
  CHECK(s.priorityGroups[1].name == "key_groups");
  CHECK(s.poolSizeOf(s.gridUnits[0]) == 10);
  CHECK(s.poolSizeOf(s.gridUnits[1]) == 20);
  CHECK(s.peopleIn(s.gridUnits[1], 0) == 12);
  CHECK(s.peopleIn(s.gridUnits[1], 2) == 8000 - 312);
  CHECK(s.sites[0].perTablePerHour == 150);
  CHECK(s.sites[0].pickupEveryMinutes == 60);
  CHECK(s.sites[1].open.size() == 2);
  CHECK(s.labs[0].wells == 96);
  CHECK(s.labs[0].samplesPerPlate() == 94);
  CHECK(s.labs[0].effectiveReviewers() == 3);
}

TEST_CASE("bad scenarios are refused with a message naming the field", "[planner][scenario]") {
  struct Row {
    const char* what;
    std::function<void(Object::Ptr&)> change;
    const char* field;
    const char* message;
  };
  const Row rows[] = {
      {"no tables", [](auto& r) { at(r, "sites", 1)->set("tables", 0); }, "sites[1].tables", "sites[1].tables must be > 0"},
      {"tables missing", [](auto& r) { at(r, "sites", 1)->remove("tables"); }, "sites[1].tables", "sites[1].tables is required"},
      {"fractional tables", [](auto& r) { at(r, "sites", 0)->set("tables", 8.5); }, "sites[0].tables", "sites[0].tables must be a whole number"},
      {"tables as text", [](auto& r) { at(r, "sites", 0)->set("tables", "8"); }, "sites[0].tables", "sites[0].tables must be a number"},
      {"misspelt field", [](auto& r) { at(r, "sites", 0)->set("tabels", 8); }, "sites[0].tabels", "sites[0].tabels is not a known field"},
      {"unknown site", [](auto& r) { at(r, "grid_units", 0)->set("site", "P9"); }, "grid_units[0].site", "grid_units[0].site names no site (\"P9\")"},
      {"unknown lab", [](auto& r) { at(r, "sites", 1)->set("lab", "L7"); }, "sites[1].lab", "sites[1].lab names no lab (\"L7\")"},
      {"controls fill the plate", [](auto& r) { at(r, "labs", 0)->set("controls", 96); }, "labs[0].controls", "labs[0].controls must be less than labs[0].wells"},
      {"no instruments", [](auto& r) { at(r, "labs", 0)->set("instruments", 0); }, "labs[0].instruments", "labs[0].instruments must be > 0"},
      {"start without offset", [](auto& r) { r->set("start", "2026-12-01T06:00:00"); }, "start", "start must be an RFC 3339 time with an offset"},
      {"30 February", [](auto& r) { r->set("start", "2026-02-30T06:00:00+08:00"); }, "start", "start must be an RFC 3339"},
      {"prevalence above 1", [](auto& r) { r->set("prevalence", 1.5); }, "prevalence", "prevalence must be >= 0 and < 1"},
      {"no deadline", [](auto& r) { r->set("deadline_hours", 0); }, "deadline_hours", "deadline_hours must be > 0"},
      {"hours backwards", [](auto& r) {
         Array::Ptr open = new Array;
         Array::Ptr pair = new Array;
         pair->add(22);
         pair->add(7);
         open->add(pair);
         at(r, "sites", 0)->set("open", open);
       }, "sites[0].open[0]", "sites[0].open[0] must be [from_hour, to_hour] with 0 <= from < to <= 24"},
      {"hours overlap", [](auto& r) {
         Array::Ptr open = new Array;
         for (auto [a, b] : {std::pair{7, 12}, std::pair{11, 22}}) {
           Array::Ptr pair = new Array;
           pair->add(a);
           pair->add(b);
           open->add(pair);
         }
         at(r, "sites", 1)->set("open", open);
       }, "sites[1].open[1]", "sites[1].open[1] must start after sites[1].open[0] ends"},
      {"unknown group", [](auto& r) { at(r, "grid_units", 1)->getObject("groups")->set("vip", 3); }, "grid_units[1].groups.vip", "grid_units[1].groups.vip is not a priority group"},
      {"groups exceed people", [](auto& r) { at(r, "grid_units", 1)->getObject("groups")->set("key_groups", 9000); }, "grid_units[1].groups", "grid_units[1].groups count more people than grid_units[1].population"},
      {"pool size zero", [](auto& r) { at(r, "grid_units", 0)->set("pool_size", 0); }, "grid_units[0].pool_size", "grid_units[0].pool_size must be >= 1 and <= 50"},
      {"pool size 60", [](auto& r) { at(r, "grid_units", 0)->set("pool_size", 60); }, "grid_units[0].pool_size", "grid_units[0].pool_size must be >= 1 and <= 50"},
      {"negative population", [](auto& r) { at(r, "grid_units", 0)->set("population", -5); }, "grid_units[0].population", "grid_units[0].population must be >= 0"},
      {"repeated path", [](auto& r) { at(r, "grid_units", 1)->set("path", " D1 / S1 / C1 "); }, "grid_units[1].path", "grid_units[1].path repeats grid_units[0].path"},
      {"empty level", [](auto& r) { at(r, "grid_units", 0)->set("path", "D1//C1"); }, "grid_units[0].path", "grid_units[0].path has an empty level"},
      {"repeated site", [](auto& r) { at(r, "sites", 1)->set("id", "P1"); }, "sites[1].id", "sites[1].id repeats the site id \"P1\""},
      {"no labs", [](auto& r) { r->set("labs", Array::Ptr(new Array)); }, "labs", "labs must list at least one lab"},
      {"labs not an array", [](auto& r) { r->set("labs", 3); }, "labs", "labs must be an array"},
      {"lab not an object", [](auto& r) { r->getArray("labs")->set(0, 3); }, "labs[0]", "labs[0] must be an object"},
      {"zero pickup interval", [](auto& r) { at(r, "sites", 0)->set("pickup_every_minutes", 0); }, "sites[0].pickup_every_minutes", "sites[0].pickup_every_minutes must be >= 1"},
      {"group named everyone", [](auto& r) {
         Array::Ptr groups = new Array;
         Object::Ptr g = new Object;
         g->set("name", "everyone");
         groups->add(g);
         r->set("priority_groups", groups);
         at(r, "grid_units", 1)->remove("groups");
       }, "priority_groups[0].name", "priority_groups[0].name must not be \"everyone\""},
      {"nobody", [](auto& r) {
         at(r, "grid_units", 0)->set("population", 0);
         at(r, "grid_units", 1)->set("population", 0);
         at(r, "grid_units", 1)->remove("groups");
       }, "grid_units", "grid_units must hold at least one person"},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    auto root = minimal();
    row.change(root);
    const auto r = ScenarioReader::read(text(root));
    REQUIRE_FALSE(r);
    CHECK(r.error.field == row.field);
    CHECK_THAT(r.error.message, Catch::Matchers::StartsWith(row.message));
    CHECK(r.error.message.find('\n') == std::string::npos);
  }
}

TEST_CASE("text that is not a JSON object is refused", "[planner][scenario]") {
  for (const char* bad : {"", "{", "[1,2]", "null", "{\"start\": }"}) {
    INFO(bad);
    const auto r = ScenarioReader::read(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error.field == "scenario");
  }
}

TEST_CASE("comments are allowed as fields starting with an underscore", "[planner][scenario]") {
  auto root = minimal();
  root->set("_comment", "first round");
  at(root, "sites", 0)->set("_note", "the school yard");
  CHECK(ScenarioReader::read(text(root)));
}

TEST_CASE("a written scenario reads back the same", "[planner][scenario]") {
  const auto first = ScenarioReader::read(kMinimal);
  REQUIRE(first);
  const std::string written = ScenarioWriter::write(*first.scenario);
  const auto second = ScenarioReader::read(written);
  REQUIRE(second);
  CHECK(ScenarioWriter::write(*second.scenario) == written);
  CHECK(second.scenario->gridUnits[1].groupPeople == first.scenario->gridUnits[1].groupPeople);
  CHECK(second.scenario->sites[1].open.size() == 2);
}
