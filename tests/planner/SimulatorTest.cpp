#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

#include "TestScenarios.h"
#include "natlims/planner/Planner.h"
#include "natlims/planner/Simulator.h"

using namespace natlims::planner;
using natlims::planner::test::oneSiteOneLab;
using natlims::planner::test::valid;

// The simulator draws every duration and every positive; over 30 runs its mean completion must
// stay within the stated tolerance of the plan (Simulator::toleranceMinutes: max(30 min, 5 %, one
// PCR run)).
TEST_CASE("the simulator agrees with the planner within the stated tolerance", "[planner][simulator]") {
  struct Row {
    const char* what;
    std::function<void(Scenario&)> change;
  };
  const Row rows[] = {
      {"sampling-bound", [](Scenario&) {}},
      {"lab-bound", [](Scenario& s) { s.labs[0].instruments = 1; }},
      {"transport-bound", [](Scenario& s) { s.sites[0].tubesPerPickup = 50; }},
      {"opening hours, two days", [](Scenario& s) {
         s.start = "2026-12-01T06:00:00+08:00";
         s.sites[0].open = {{7, 22}};
         s.gridUnits[0].population = 24000;
       }},
      {"priority groups and 1 % positives", [](Scenario& s) {
         s.prevalence = 0.01;
         s.priorityGroups = {{"close_contacts", 1}, {"key_groups", 1}};
         s.gridUnits[0].groupPeople = {30, 500};
       }},
      {"two sites, 20-in-1, lab hours", [](Scenario& s) {
         s.prevalence = 0.002;
         s.gridUnits[0].poolSize = 20;
         Site second = s.sites[0];
         second.id = "P2";
         second.transportMinutes = 90;
         second.open = {{8, 20}};
         s.sites.push_back(second);
         GridUnit unit = s.gridUnits[0];
         unit.path = "D1/S1/C2";
         unit.site = "P2";
         unit.poolSize = 10;
         s.gridUnits.push_back(unit);
         s.labs[0].instruments = 3;
         s.labs[0].open = {{6, 23}};
       }},
  };
  for (const auto& row : rows) {
    INFO(row.what);
    Scenario s = oneSiteOneLab();
    row.change(s);
    s = valid(s);
    const Plan plan = Planner::plan(s);
    const SimulationReport sim = Simulator::simulate(s, plan, {30, 7});
    INFO("planned " << plan.completionMinutes << " min, simulated mean " << sim.completion.mean << " min");
    CHECK(sim.runs == 30);
    CHECK(sim.completionMinutes.size() == 30);
    CHECK(sim.toleranceMinutes == Approx(std::max({30.0, 0.05 * plan.completionMinutes, 100.0})));
    CHECK(sim.completionAgrees);
    CHECK(std::fabs(sim.completion.mean - plan.completionMinutes) <= sim.toleranceMinutes);
    CHECK(sim.completion.min <= sim.completion.p50);
    CHECK(sim.completion.p50 <= sim.completion.max);
    if (s.prevalence > 0) {
      CHECK(sim.reportDelay.count > 0);
      CHECK(sim.reportAgrees);
    }
  }
}

TEST_CASE("every person and tube is an event of the simulation", "[planner][simulator]") {
  Scenario s = oneSiteOneLab();
  s.prevalence = 0.01;
  s = valid(s);
  const Plan plan = Planner::plan(s);
  const SimulationReport sim = Simulator::simulate(s, plan, {20, 3});
  const EventCounts& e = sim.events;
  CHECK(e.arrivals == Approx(12000));
  CHECK(e.swabs == Approx(12000));
  // Tables close their last tube of a slot early: a few more tubes than 1,200 at most.
  CHECK(e.tubesClosed >= 1200);
  CHECK(e.tubesClosed <= 1200 + 8);
  CHECK(e.deliveries == Approx(e.pickups));
  CHECK(e.runs == Approx(e.plates));
  CHECK(e.releases == Approx(e.plates));
  // 1 % prevalence, 10-in-1: 9.6 % of pools positive (about 115 pools); recalls re-swab them all.
  CHECK(e.positivePools == Approx(1200 * (1 - std::pow(0.99, 10))).epsilon(0.1));
  CHECK(e.recalls == Approx(e.retests));
  CHECK(e.recalls == Approx(10 * e.positivePools).epsilon(0.02));
  CHECK(e.confirmedPositives == Approx(120).epsilon(0.15));
  CHECK(e.reports == Approx(e.positivePools + e.confirmedPositives));
  CHECK(e.total() > 2 * 12000);
  // Reviewers are free: positives are reported 20 min (+-15 % review) after their run.
  CHECK(sim.reportDelay.p99 == Approx(20).margin(1.5));
  CHECK(sim.recallCompletion.mean > sim.completion.mean);
}

TEST_CASE("the same seed gives the same simulation, another seed another", "[planner][simulator]") {
  Scenario s = oneSiteOneLab();
  s.prevalence = 0.005;
  s = valid(s);
  const Plan plan = Planner::plan(s);
  const auto a = Simulator::simulate(s, plan, {5, 42});
  const auto b = Simulator::simulate(s, plan, {5, 42});
  const auto c = Simulator::simulate(s, plan, {5, 43});
  CHECK(a.completionMinutes == b.completionMinutes);
  CHECK(a.events.positivePools == b.events.positivePools);
  CHECK(a.completionMinutes != c.completionMinutes);
  // Runs differ from each other too.
  CHECK(a.completion.min < a.completion.max);
}

TEST_CASE("without randomness or positives the simulation is the plan", "[planner][simulator]") {
  // Service, travel, extraction, run and review times at their means, nobody positive: only the
  // arrival moments within each person's share of the slot stay random, and the completion is the
  // planner's to the minute.
  const char* cases[] = {"sampling-bound", "lab-bound", "transport-bound", "opening hours"};
  for (const char* what : cases) {
    INFO(what);
    Scenario s = oneSiteOneLab();
    s.simulation = {0, 0, 0, 0};
    const std::string c = what;
    if (c == "lab-bound") s.labs[0].instruments = 1;
    if (c == "transport-bound") s.sites[0].tubesPerPickup = 50;
    if (c == "opening hours") {
      s.start = "2026-12-01T06:00:00+08:00";
      s.sites[0].open = {{7, 22}};
      s.labs[0].open = {{6, 23}};
      s.gridUnits[0].population = 24000;
    }
    s = valid(s);
    const Plan plan = Planner::plan(s);
    const auto sim = Simulator::simulate(s, plan, {5, 11});
    CHECK(sim.completion.min == Approx(plan.completionMinutes).margin(1.0));
    CHECK(sim.completion.max == Approx(plan.completionMinutes).margin(1.0));
  }
}
