#include "PlanHooks.h"

#include <algorithm>
#include <cmath>

namespace natlims::planner {

PlanHooks::PlanHooks(const Scenario& scenario, std::vector<double>* siteLast, std::vector<double>* groupLast,
                     std::vector<Weighted>* sampleToResult)
    : _scenario(scenario), _siteLast(siteLast), _groupLast(groupLast), _sampleToResult(sampleToResult) {}

double PlanHooks::retestDelay(int site) {
  return _scenario.reportMinutes + _scenario.recallMinutes +
         _scenario.sites[static_cast<std::size_t>(site)].transportMinutes;
}

void PlanHooks::outcome(const Lot& lot, std::int32_t, std::int32_t count, PartOutcome& out) {
  double& pending = lot.urgent ? _confirmed : _pools;
  pending += count * lot.positiveRate;
  const auto placed = static_cast<std::int32_t>(std::floor(pending + 1e-9));
  pending -= placed;
  out.positives = placed;
  if (lot.urgent || placed == 0) return;
  // Each positive pool recalls its people, one single tube each.
  const auto perTube = static_cast<std::int32_t>(
      std::max<long>(1, std::lround(static_cast<double>(lot.people) / std::max(1, lot.tubes))));
  const double p = _scenario.prevalence;
  const double poolPositive = 1.0 - std::pow(1.0 - p, perTube);
  for (std::int32_t i = 0; i < placed; ++i) {
    Lot retest;
    retest.site = lot.site;
    retest.group = lot.group;
    retest.tubes = perTube;
    retest.people = perTube;
    retest.urgent = true;
    retest.positiveRate = poolPositive > 0 ? std::min(1.0, p / poolPositive) : 0;
    out.retests.push_back(retest);
  }
}

void PlanHooks::released(const Lot& lot, std::int32_t, std::int32_t count, double at) {
  if (lot.urgent) return;
  if (_siteLast) {
    double& last = (*_siteLast)[static_cast<std::size_t>(lot.site)];
    last = std::max(last, at);
  }
  if (_groupLast) {
    double& last = (*_groupLast)[static_cast<std::size_t>(lot.group)];
    last = std::max(last, at);
  }
  if (_sampleToResult && lot.tubes > 0)
    _sampleToResult->push_back({at - lot.sampledAt, static_cast<double>(lot.people) * count / lot.tubes});
}

}  // namespace natlims::planner
