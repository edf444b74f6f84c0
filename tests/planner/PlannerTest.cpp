#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "TestScenarios.h"
#include "natlims/planner/PlanJson.h"
#include "natlims/planner/Planner.h"

using namespace natlims::planner;
using natlims::planner::test::oneSiteOneLab;
using natlims::planner::test::valid;

// One site and one lab: completion is set by the slowest of sampling, transport and lab, and each
// figure below is worked out by hand (docs/planner.md, "Worked examples").
TEST_CASE("one site and one lab: completion by hand, slowest stage named", "[planner][plan]") {
  struct Row {
    const char* what;
    std::function<void(Scenario&)> change;
    double completion;  // minutes, exact
    Stage bottleneck;
  };
  const Row rows[] = {
      // 12,000 / (8 x 150/h) = 600 min of sampling; the last tubes leave at 600 (the courier's
      // final call), arrive at 645, extraction to 705, run to 805, review to 810.
      {"sampling", [](Scenario&) {}, 810, Stage::Sampling},
      // 16 tables: 300 min of sampling, then the same 210 min.
      {"twice the tables", [](Scenario& s) { s.sites[0].tables = 16; }, 510, Stage::Sampling},
      // One instrument: the first 120 tubes arrive at 105 (called at 60), the first plate is
      // ready at 165; from then the instrument runs 13 plates back to back: 165 + 1300 + 5.
      {"one instrument", [](Scenario& s) { s.labs[0].instruments = 1; }, 1470, Stage::Lab},
      // 50 tubes per courier call, hourly: 24 calls for 1,200 tubes, the last at 1,440 (calls go
      // on after the site finished), arriving at 1,485; extraction, run, review: 1,650.
      {"50 tubes per pickup", [](Scenario& s) { s.sites[0].tubesPerPickup = 50; }, 1650, Stage::Transport},
      // 6 h from site to lab: 600 + 360 + 165.
      {"far lab", [](Scenario& s) { s.sites[0].transportMinutes = 360; }, 1125, Stage::Sampling},
      // 16 h from site to lab: the tubes travel longer than the site samples.
      {"very far lab", [](Scenario& s) { s.sites[0].transportMinutes = 960; }, 1725, Stage::Transport},
      // Start 06:00, site open 07:00-22:00: sampling 07:00-17:00 (+60 to +660), then 210.
      {"opening hours", [](Scenario& s) {
         s.start = "2026-12-01T06:00:00+08:00";
         s.sites[0].open = {{7, 22}};
       }, 870, Stage::Sampling},
      // 24,000 people: 15 h on day one (to 22:00), 5 h on day two (07:00-12:00 = +1800).
      {"two days", [](Scenario& s) {
         s.start = "2026-12-01T06:00:00+08:00";
         s.sites[0].open = {{7, 22}};
         s.gridUnits[0].population = 24000;
       }, 2010, Stage::Sampling},
      // Lab open 00:00-10:00: the last box arrives at 10:45 and waits for midnight (+1440);
      // extraction, run and review take it to 1,605.
      {"lab closed at night", [](Scenario& s) { s.labs[0].open = {{0, 10}}; }, 1605, Stage::Lab},
      // 20 min review of every plate by two reviewers keeps up (two plates an hour): +15 min.
      {"slow review", [](Scenario& s) {
         s.labs[0].reviewers = 2;
         s.labs[0].reviewMinutes = 20;
       }, 825, Stage::Sampling},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    Scenario s = oneSiteOneLab();
    row.change(s);
    const Plan plan = Planner::plan(valid(s));
    CHECK(plan.completionMinutes == Approx(row.completion).margin(1e-6));
    CHECK(plan.bottleneck == row.bottleneck);
    CHECK(plan.criticalPath.samplingMinutes + plan.criticalPath.transportMinutes + plan.criticalPath.labMinutes ==
          Approx(plan.completionMinutes).margin(1e-6));
    CHECK(plan.withinDeadline);
    CHECK(plan.remedies.empty());
  }
}

TEST_CASE("the plan's figures and verdict for the one-site round", "[planner][plan]") {
  const Plan plan = Planner::plan(valid(oneSiteOneLab()));
  CHECK(plan.population == 12000);
  CHECK(plan.tubes == 1200);
  // Each hourly box of 120 tubes fills one plate; its 26 left over run on their own after the
  // 30 min fill wait, as instruments stand idle.
  CHECK(plan.plates == 20);
  CHECK(plan.verdict == "finishes at +13.5 h, within 48 h");
  CHECK(plan.bottleneckWhere == "P1");
  CHECK(plan.sites[0].samplingEnd == Approx(600));
  CHECK(plan.sites[0].lastResult == Approx(810));
  CHECK(plan.labs[0].lastResult == Approx(810));
  REQUIRE(plan.slots.size() == 1);
  CHECK(plan.slots[0].start == Approx(0));
  CHECK(plan.slots[0].end == Approx(600));
  // Hourly calls at 60..540 and the final one at 600: ten pickups of 120 tubes.
  REQUIRE(plan.pickups.size() == 10);
  for (const auto& p : plan.pickups) CHECK(p.tubes == 120);
  CHECK(plan.pickups.back().at == Approx(600));
  CHECK(plan.pickups.back().arrivesAt == Approx(645));
  // Reviewers are free: a positive would be reported 5 + 15 min after its run.
  CHECK(plan.sla.reportP99Minutes == Approx(20));
  // From receipt: the last tubes of a box wait at most the 30 min fill wait, then 60 + 100 + 20.
  CHECK(plan.sla.receiptToReportP99Minutes >= 180);
  CHECK(plan.sla.receiptToReportP99Minutes <= 210);
  CHECK(plan.sla.met);
  // Everyone has a result 3.5 to 4 hours after the swab.
  CHECK(plan.sampleToResultMaxMinutes < 5 * 60);
  double sampled = 0, capacity = 0;
  for (const auto& h : plan.hours) {
    sampled += h.samplingPeople;
    capacity += h.labCapacity;
  }
  CHECK(sampled == Approx(12000));
  CHECK(capacity > 0);
  const std::string json = PlanJson::write(plan);
  CHECK(json.find("\"completion\":\"2026-12-01T13:30:00+08:00\"") != std::string::npos);
  CHECK(json.find("\"hours_to_complete\":13.5") != std::string::npos);
}

TEST_CASE("priority groups are sampled and tested first, in their order", "[planner][plan]") {
  Scenario s = oneSiteOneLab();
  s.priorityGroups = {{"close_contacts", 1}, {"key_groups", 1}};
  s.gridUnits[0].groupPeople = {40, 600};
  GridUnit second = s.gridUnits[0];
  second.path = "D1/S1/C2";
  second.groupPeople = {20, 300};
  s.gridUnits.push_back(second);
  s.labs[0].instruments = 2;  // a busy lab: the order shows in the results
  const Plan plan = Planner::plan(valid(s));
  // Slots: close contacts of both units, key groups of both, then everyone unit by unit.
  REQUIRE(plan.slots.size() == 6);
  const int expected[][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}, {1, 2}};
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(plan.slots[i].gridUnit == expected[i][0]);
    CHECK(plan.slots[i].group == expected[i][1]);
    if (i > 0) CHECK(plan.slots[i].start == Approx(plan.slots[i - 1].end));
  }
  CHECK(plan.slots[0].tubes == 40);  // single tubes
  CHECK(plan.slots[0].end == Approx(40 / 20.0));
  REQUIRE(plan.groups.size() == 3);
  CHECK(plan.groups[0].people == 60);
  CHECK(plan.groups[2].people == 24000 - 960);
  CHECK(plan.groups[0].completion <= plan.groups[1].completion);
  CHECK(plan.groups[1].completion < plan.groups[2].completion);
  CHECK(plan.groups[2].completion == Approx(plan.completionMinutes));
}

TEST_CASE("recall and retests are sized by Dorfman's formula", "[planner][plan]") {
  Scenario s = oneSiteOneLab();
  s.gridUnits[0].population = 100000;
  s.sites[0].tables = 10;  // 10,000 people a table: exactly 10,000 tubes
  s.prevalence = 0.001;
  s.deadlineHours = 200;
  const Plan plan = Planner::plan(valid(s));
  const double q = 1 - std::pow(0.999, 10);
  CHECK(plan.tubes == 10000);
  CHECK(plan.recall.expectedPositives == Approx(100));
  CHECK(plan.recall.positivePools == Approx(10000 * q));
  CHECK(plan.recall.positivePoolShare == Approx(q));
  CHECK(plan.recall.peopleToResample == Approx(100000 * q));
  CHECK(plan.recall.testsPerPerson == Approx(0.1 + q));  // 1/k + 1 - (1 - p)^k
  // The plan places whole positive pools on plates, and their people's retests follow.
  CHECK(std::abs(static_cast<double>(plan.recall.plannedPositivePools) - 10000 * q) <= 1);
  CHECK(plan.recall.plannedRetestTubes == 10 * plan.recall.plannedPositivePools);
  CHECK(plan.labs[0].retestTubes == plan.recall.plannedRetestTubes);
  // Retests come after report, recall and travel: 15 + 120 + 45 min after a positive's release.
  CHECK(plan.recall.completion > plan.completionMinutes + 180);
}

TEST_CASE("a lab whose reviewers cannot keep up misses the report SLA and gets reviewers", "[planner][plan]") {
  Scenario s = oneSiteOneLab();
  s.gridUnits[0].population = 48000;
  s.sites[0].tables = 32;  // 4,800 tubes over 10 h: 5 plates an hour
  s.labs[0].instruments = 20;
  s.labs[0].reviewers = 1;
  s.labs[0].reviewMinutes = 20;  // 3 plates an hour
  s.prevalence = 0.002;
  const Plan plan = Planner::plan(valid(s));
  CHECK_FALSE(plan.sla.met);
  CHECK(plan.sla.reportMaxMinutes > 120);
  REQUIRE(plan.sla.remedies.size() == 1);
  const Remedy& r = plan.sla.remedies[0];
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].kind == RemedyChange::Kind::Reviewers);
  CHECK(r.changes[0].target == "L1");
  CHECK(r.text.rfind("add ", 0) == 0);
  CHECK(plan.sla.text.find(r.text) != std::string::npos);
  const Plan fixed = Planner::plan(applyRemedy(plan.scenario, r));
  CHECK(fixed.sla.met);
  CHECK(fixed.sla.reportMaxMinutes <= 120);
  // One reviewer fewer would not do.
  Scenario fewer = applyRemedy(plan.scenario, r);
  fewer.labs[0].reviewers -= 1;
  CHECK_FALSE(Planner::plan(fewer).sla.met);
}

TEST_CASE("scenarios beyond the planner's reach are refused naming the field", "[planner][plan]") {
  Scenario slow = oneSiteOneLab();
  slow.gridUnits[0].population = 2'000'000'000;
  slow.sites[0].tables = 1;  // 150 people an hour: centuries
  CHECK_THROWS_WITH(Planner::plan(valid(slow)), Catch::Matchers::StartsWith("sites[0].tables: site P1 would sample"));
  Scenario chatty = oneSiteOneLab();
  chatty.gridUnits[0].population = 200'000'000;
  chatty.sites[0].tables = 2000;  // 50 days of sampling
  chatty.sites[0].pickupEveryMinutes = 1;
  chatty.sites[0].tubesPerPickup = 1;
  CHECK_THROWS_WITH(Planner::plan(valid(chatty)),
                    Catch::Matchers::StartsWith("sites[0].pickup_every_minutes: the couriers would call"));
}

TEST_CASE("fragile or wasteful plans carry warnings", "[planner][plan]") {
  // 1 % prevalence in 20-in-1 pools: 18 % of pools positive; 10-in-1 needs 0.196 tests a person
  // instead of 0.232.
  Scenario pools = oneSiteOneLab();
  pools.prevalence = 0.01;
  pools.gridUnits[0].poolSize = 20;
  const Plan a = Planner::plan(valid(pools));
  REQUIRE(a.warnings.size() == 1);
  CHECK(a.warnings[0] == "at 1 % prevalence, 20-in-1 pools are positive 18 % of the time: 11-in-1 needs fewer tests "
                         "(0.196 instead of 0.232 per person)");
  // The lab closes at 10:00 while runs go on: their results wait for midnight.
  Scenario closing = oneSiteOneLab();
  closing.labs[0].open = {{0, 10}};
  const Plan b = Planner::plan(valid(closing));
  REQUIRE(b.warnings.size() == 1);
  CHECK(b.warnings[0].rfind("at lab L1, ", 0) == 0);
  // The one-site round at 0.1 %, 10-in-1, lab around the clock: nothing to warn about.
  Scenario fine = oneSiteOneLab();
  fine.prevalence = 0.001;
  CHECK(Planner::plan(valid(fine)).warnings.empty());
}
