#include <catch2/catch.hpp>

#include <functional>

#include "TestScenarios.h"
#include "natlims/planner/Planner.h"

using namespace natlims::planner;
using natlims::planner::test::oneSiteOneLab;
using natlims::planner::test::valid;

namespace {

int added(const Remedy& r, RemedyChange::Kind kind) {
  double total = 0;
  for (const auto& c : r.changes)
    if (c.kind == kind) total += c.to - c.from;
  return static_cast<int>(total);
}

}  // namespace

TEST_CASE("a missed deadline names the bottleneck and a remedy that, applied, meets it", "[planner][remedy]") {
  struct Row {
    const char* what;
    std::function<void(Scenario&)> change;
    Stage bottleneck;
    const char* firstStage;     // stage of the first remedy offered
    RemedyChange::Kind kind;    // what it changes
    int amount;                 // how much it adds (0: not checked)
  };
  const Row rows[] = {
      // 810 min planned, deadline 8 h: sampling must end by 480 - 210 = 270 min:
      // 12,000 / 270 min = 44.4 people/min = 17.8 tables -> 18 (10 more).
      {"tables", [](Scenario& s) { s.deadlineHours = 8; }, Stage::Sampling, "sampling", RemedyChange::Kind::Tables, 10},
      // One instrument (1,470 min) against 20 h: two instruments suffice.
      {"instruments", [](Scenario& s) {
         s.labs[0].instruments = 1;
         s.deadlineHours = 20;
       }, Stage::Lab, "lab", RemedyChange::Kind::Instruments, 1},
      // 50 tubes per call (1,650 min) against 20 h: calling every 30 min doubles the trips.
      {"pickups", [](Scenario& s) {
         s.sites[0].tubesPerPickup = 50;
         s.deadlineHours = 20;
       }, Stage::Transport, "transport", RemedyChange::Kind::PickupEveryMinutes, 0},
      // Open 07:00-22:00 with 24,000 people: day two's sampling makes +33.5 h against 24 h.
      {"opening hours", [](Scenario& s) {
         s.start = "2026-12-01T06:00:00+08:00";
         s.sites[0].open = {{7, 22}};
         s.gridUnits[0].population = 24000;
         s.deadlineHours = 20;
       }, Stage::Sampling, "sampling", RemedyChange::Kind::Tables, 0},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    Scenario s = oneSiteOneLab();
    row.change(s);
    const Plan plan = Planner::plan(valid(s));
    CHECK_FALSE(plan.withinDeadline);
    CHECK(plan.bottleneck == row.bottleneck);
    REQUIRE_FALSE(plan.remedies.empty());
    const Remedy& first = plan.remedies.front();
    CHECK(first.stage == row.firstStage);
    REQUIRE_FALSE(first.changes.empty());
    CHECK(first.changes[0].kind == row.kind);
    if (row.amount) CHECK(added(first, row.kind) == row.amount);
    CHECK(plan.verdict.rfind("misses by ", 0) == 0);
    CHECK(plan.verdict.find(first.text) != std::string::npos);
    for (const auto& r : plan.remedies) {
      INFO(r.text);
      const Plan fixed = Planner::plan(applyRemedy(plan.scenario, r));
      CHECK(fixed.withinDeadline);
      CHECK(fixed.completionMinutes == Approx(r.completionMinutes));
    }
  }
}

TEST_CASE("the remedy is the least that works", "[planner][remedy]") {
  Scenario s = oneSiteOneLab();
  s.deadlineHours = 8;
  const Plan plan = Planner::plan(valid(s));
  REQUIRE_FALSE(plan.remedies.empty());
  CHECK(plan.remedies[0].text == "add 10 tables at site P1");
  Scenario oneLess = applyRemedy(plan.scenario, plan.remedies[0]);
  oneLess.sites[0].tables -= 1;  // 17 tables: 282 min of sampling + 210 = 8.2 h
  CHECK_FALSE(Planner::plan(oneLess).withinDeadline);
}

TEST_CASE("when sites and a lab both fall short, either remedy is offered", "[planner][remedy]") {
  // Two sites open 07:00-20:00 send 9,000 people each (6 tables) to a lab of 3 instruments open
  // 06:00-22:00: what is not tested by 22:00 waits for the morning, 7 h past the 17-hour
  // deadline. The tubes coming sooner or being tested faster both beat the closing.
  Scenario s = oneSiteOneLab();
  s.start = "2026-12-01T06:00:00+08:00";
  s.sites[0].open = {{7, 20}};
  s.sites[0].tables = 6;
  s.gridUnits[0].population = 9000;
  Site second = s.sites[0];
  second.id = "P2";
  s.sites.push_back(second);
  GridUnit unit = s.gridUnits[0];
  unit.path = "D1/S1/C2";
  unit.site = "P2";
  s.gridUnits.push_back(unit);
  s.labs[0].instruments = 3;
  s.labs[0].open = {{6, 22}};
  s.deadlineHours = 17;
  const Plan plan = Planner::plan(valid(s));
  CHECK_FALSE(plan.withinDeadline);
  CHECK(plan.completionMinutes > 24 * 60);
  REQUIRE(plan.remedies.size() >= 2);
  bool tables = false, instruments = false;
  for (const auto& r : plan.remedies) {
    INFO(r.text);
    CHECK(r.stage != "combined");
    tables = tables || added(r, RemedyChange::Kind::Tables) > 0;
    instruments = instruments || added(r, RemedyChange::Kind::Instruments) > 0;
    CHECK(Planner::plan(applyRemedy(plan.scenario, r)).withinDeadline);
  }
  CHECK(tables);
  CHECK(instruments);
  CHECK(plan.verdict.find(", or ") != std::string::npos);
}

TEST_CASE("when no stage alone suffices, a combined remedy is offered", "[planner][remedy]") {
  // The same two sites open 07:00-22:00 around the clock lab: more instruments cannot beat the
  // last tubes' arrival, more tables leave the lab too slow; both together make 14 h.
  Scenario s = oneSiteOneLab();
  s.start = "2026-12-01T06:00:00+08:00";
  s.sites[0].open = {{7, 22}};
  s.sites[0].tables = 6;
  s.gridUnits[0].population = 9000;
  Site second = s.sites[0];
  second.id = "P2";
  s.sites.push_back(second);
  GridUnit unit = s.gridUnits[0];
  unit.path = "D1/S1/C2";
  unit.site = "P2";
  s.gridUnits.push_back(unit);
  s.labs[0].instruments = 3;
  s.deadlineHours = 14;
  const Plan plan = Planner::plan(valid(s));
  CHECK_FALSE(plan.withinDeadline);
  REQUIRE(plan.remedies.size() == 1);
  const Remedy& r = plan.remedies[0];
  CHECK(r.stage == "combined");
  CHECK(added(r, RemedyChange::Kind::Tables) > 0);
  CHECK(added(r, RemedyChange::Kind::Instruments) > 0);
  CHECK(r.text.find(" and ") != std::string::npos);
  CHECK(Planner::plan(applyRemedy(plan.scenario, r)).withinDeadline);
}

TEST_CASE("a deadline no capacity can meet says so", "[planner][remedy]") {
  Scenario s = oneSiteOneLab();
  s.sites[0].transportMinutes = 600;  // 10 h on the road
  s.deadlineHours = 6;
  const Plan plan = Planner::plan(valid(s));
  CHECK_FALSE(plan.withinDeadline);
  CHECK(plan.remedies.empty());
  CHECK(plan.verdict.find("no added tables, pickups or instruments") != std::string::npos);
}

TEST_CASE("a lab short of reviewers is told to add reviewers, not instruments", "[planner][remedy]") {
  // One reviewer taking 30 min a plate falls behind the 20 plates (865 min); two keep up:
  // 810 - 5 + 30 = 835 min, within 14 h.
  Scenario s = oneSiteOneLab();
  s.labs[0].reviewers = 1;
  s.labs[0].reviewMinutes = 30;
  s.deadlineHours = 14;
  const Plan plan = Planner::plan(valid(s));
  CHECK_FALSE(plan.withinDeadline);
  CHECK(plan.completionMinutes == Approx(865));
  const Remedy* lab = nullptr;
  for (const auto& r : plan.remedies)
    if (r.stage == "lab") lab = &r;
  REQUIRE(lab);
  CHECK(lab->text == "add 1 reviewer at lab L1");
  REQUIRE(lab->changes.size() == 1);
  CHECK(lab->changes[0].kind == RemedyChange::Kind::Reviewers);
  const Plan fixed = Planner::plan(applyRemedy(plan.scenario, *lab));
  CHECK(fixed.withinDeadline);
  CHECK(fixed.completionMinutes == Approx(835));
}
