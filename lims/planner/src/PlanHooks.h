#pragma once

#include <vector>

#include "LabEngine.h"
#include "Weighted.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// The planner's view inside a lab: every duration is its mean, and positives are expected
/// numbers placed on plates in order (a running sum that yields a positive each time it passes a
/// whole number), so that 1 % of pools positive puts one on about every hundredth tube.
class PlanHooks : public LabHooks {
 public:
  /// `siteLast`, `groupLast` and `sampleToResult` collect results (may be null).
  PlanHooks(const Scenario& scenario, std::vector<double>* siteLast, std::vector<double>* groupLast,
            std::vector<Weighted>* sampleToResult);

  double extraction(double mean) override { return mean; }
  double run(double mean) override { return mean; }
  double review(double mean) override { return mean; }
  double retestDelay(int site) override;
  void outcome(const Lot& lot, std::int32_t offset, std::int32_t count, PartOutcome& out) override;
  void released(const Lot& lot, std::int32_t offset, std::int32_t count, double at) override;

 private:
  const Scenario& _scenario;
  std::vector<double>* _siteLast;
  std::vector<double>* _groupLast;
  std::vector<Weighted>* _sampleToResult;
  double _pools = 0;      // expected positive pools not yet placed
  double _confirmed = 0;  // expected positive retests not yet placed
};

}  // namespace natlims::planner
