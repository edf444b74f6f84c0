#pragma once

#include <vector>

#include "Histogram.h"
#include "LabEngine.h"
#include "Random.h"
#include "SimTube.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// The simulator's view inside a lab: random durations around the means, positives as drawn
/// at sampling, retest tubes with the drawn positives of their pool, results counted per person.
class SimHooks : public LabHooks {
 public:
  SimHooks(const Scenario& scenario, Random& random, std::vector<SimTube>& tubes, std::vector<SimTube>& retests,
           Histogram& sampleToResult);

  double extraction(double mean) override { return _random.around(mean, _scenario.simulation.durationSpread); }
  double run(double mean) override { return _random.around(mean, _scenario.simulation.durationSpread); }
  double review(double mean) override { return _random.around(mean, _scenario.simulation.durationSpread); }
  double retestDelay(int site) override;
  void outcome(const Lot& lot, std::int32_t offset, std::int32_t count, PartOutcome& out) override;
  void released(const Lot& lot, std::int32_t offset, std::int32_t count, double at) override;

  std::int64_t recalls() const { return _recalls; }

 private:
  const Scenario& _scenario;
  Random& _random;
  std::vector<SimTube>& _tubes;
  std::vector<SimTube>& _retests;
  Histogram& _sampleToResult;
  std::int64_t _recalls = 0;
};

}  // namespace natlims::planner
