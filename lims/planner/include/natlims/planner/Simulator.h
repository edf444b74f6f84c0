#pragma once

#include <cstdint>
#include <vector>

#include "natlims/planner/Plan.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

struct SimulationOptions {
  int runs = 10;            // Default: 10.
  std::uint64_t seed = 1;   // Default: 1. The same seed gives the same report.
};

/// Distribution of a figure over runs (or over positives of all runs).
struct Distribution {
  std::int64_t count = 0;
  double min = 0, p5 = 0, p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

/// Events of one simulated round (means over runs), every one of them simulated individually.
struct EventCounts {
  double arrivals = 0;            // people arriving at their site
  double swabs = 0;               // people sampled at a table
  double tubesClosed = 0;         // at the pool size, or early at the end of a slot or day
  double pickups = 0;             // courier visits that took tubes
  double deliveries = 0;          // boxes received at a lab
  double plates = 0;              // plates filled and extracted
  double runs = 0;                // instrument runs
  double releases = 0;            // plates reviewed and released
  double positivePools = 0;       // first-test tubes with at least one positive person
  double recalls = 0;             // people located and re-swabbed
  double retests = 0;             // single-tube retests received by labs
  double confirmedPositives = 0;  // positive single-tube retests
  double reports = 0;             // network reports of positives (pools and confirmed people)
  double total() const;
};

/// What the simulation says, and whether it agrees with the plan.
struct SimulationReport {
  int runs = 0;
  std::uint64_t seed = 0;
  std::vector<double> completionMinutes;  // per run: every person has a first-test result
  Distribution completion;                // minutes
  Distribution reportDelay;               // minutes from a positive's run end to its report
  Distribution retestReportDelay;
  Distribution sampleToResult;            // minutes, per person
  Distribution recallCompletion;          // minutes, per run (last retest result)
  EventCounts events;
  double planCompletionMinutes = 0;
  double planReportP99Minutes = 0;
  double toleranceMinutes = 0;            // see Simulator::toleranceMinutes
  bool completionAgrees = false;          // |mean completion - planned| <= tolerance
  bool reportAgrees = false;              // |p99 report delay - planned| <= max(15, 25 % of plan)
};

/// An event-driven simulation of a round with seeded randomness: people arrive in their planned
/// slots, tables swab them (random service times), tubes close at the pool size or at the end of a
/// slot or day, couriers collect and travel (random times), labs fill plates, extract, run and
/// review them (random durations), each person is positive with the scenario's prevalence, a
/// positive pool is reported and recalled, its people re-swabbed into single tubes and retested
/// urgently, and every positive is reported. Runs are independent; run r of seed s is always the
/// same.
class Simulator {
 public:
  static SimulationReport simulate(const Scenario& scenario, const Plan& plan, const SimulationOptions& options);
  /// The stated agreement tolerance for a planned completion: max(30 min, 5 % of it, the longest
  /// PCR run of the scenario's labs). Labs finish in whole runs, and which plate is last (or
  /// whether a retest plate goes before it) is chance: the mean may differ by one run cycle.
  static double toleranceMinutes(const Scenario& scenario, double plannedCompletionMinutes);
};

}  // namespace natlims::planner
