#pragma once

#include <cstdint>
#include <vector>

#include "Histogram.h"
#include "OpeningHours.h"
#include "PlanCore.h"
#include "Random.h"
#include "SimTube.h"
#include "natlims/planner/Plan.h"
#include "natlims/planner/Simulator.h"

namespace natlims::planner {

/// What one simulated round gave.
struct RoundOutcome {
  double completion = 0;
  double recallCompletion = 0;
  EventCounts events;
};

/// One simulated round. Sites are simulated one after the other (nothing flows back to a site),
/// then each lab with the boxes its couriers delivered; every person and tube is an event.
class SimulatedRound {
 public:
  /// `slots` are the plan's invitation slots per site; the hours and index are the scenario's.
  SimulatedRound(const Scenario& s, const std::vector<std::vector<const SlotPlan*>>& slots,
                 const std::vector<OpeningHours>& siteHours, const std::vector<OpeningHours>& labHours,
                 const ScenarioIndex& index);

  /// Run `run` of `seed`; adds per-person and per-positive figures to the histograms.
  RoundOutcome run(std::uint64_t seed, int run, Histogram& sampleToResult, Histogram& reports,
                   Histogram& retestReports);

 private:
  struct Table {
    double freeAt = 0, lastEnd = 0, sampledSum = 0;
    int slot = -1;
    std::int16_t group = 0;
    std::uint16_t count = 0, positives = 0;
  };

  void close(Table& table, double at, int site, EventCounts& events);
  void sample(int site, Random& random, EventCounts& events);
  void deliver(int site, std::size_t first, Random& random, std::vector<Lot>& lots, EventCounts& events);

  const Scenario& _s;
  const std::vector<std::vector<const SlotPlan*>>& _slots;
  const std::vector<OpeningHours>& _siteHours;
  const std::vector<OpeningHours>& _labHours;
  const ScenarioIndex& _index;
  std::vector<SimTube> _tubes;    // this run's first-test tubes, site after site
  std::vector<SimTube> _retests;  // this run's single-tube retests
};

}  // namespace natlims::planner
