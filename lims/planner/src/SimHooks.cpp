#include "SimHooks.h"

namespace natlims::planner {

SimHooks::SimHooks(const Scenario& scenario, Random& random, std::vector<SimTube>& tubes,
                   std::vector<SimTube>& retests, Histogram& sampleToResult)
    : _scenario(scenario), _random(random), _tubes(tubes), _retests(retests), _sampleToResult(sampleToResult) {}

double SimHooks::retestDelay(int site) {
  const auto& s = _scenario;
  return s.reportMinutes + _random.lognormal(s.recallMinutes, s.simulation.recallCv) +
         _random.lognormal(s.sites[static_cast<std::size_t>(site)].transportMinutes, s.simulation.transportCv);
}

void SimHooks::outcome(const Lot& lot, std::int32_t offset, std::int32_t count, PartOutcome& out) {
  if (lot.urgent) {
    for (std::int64_t i = lot.firstTube + offset; i < lot.firstTube + offset + count; ++i)
      out.positives += _retests[static_cast<std::size_t>(i)].positives > 0;
    return;
  }
  for (std::int64_t i = lot.firstTube + offset; i < lot.firstTube + offset + count; ++i) {
    const SimTube& tube = _tubes[static_cast<std::size_t>(i)];
    if (tube.positives == 0) continue;
    ++out.positives;
    // Its people are located and re-swabbed one tube each; the positives among them stay positive.
    Lot retest;
    retest.site = tube.site;
    retest.group = tube.group;
    retest.tubes = tube.people;
    retest.people = tube.people;
    retest.urgent = true;
    retest.firstTube = static_cast<std::int64_t>(_retests.size());
    for (std::uint16_t k = 0; k < tube.people; ++k) {
      SimTube single;
      single.people = 1;
      single.positives = k < tube.positives ? 1 : 0;
      single.group = tube.group;
      single.site = tube.site;
      _retests.push_back(single);
    }
    _recalls += tube.people;
    out.retests.push_back(retest);
  }
}

void SimHooks::released(const Lot& lot, std::int32_t offset, std::int32_t count, double at) {
  if (lot.urgent) return;
  for (std::int64_t i = lot.firstTube + offset; i < lot.firstTube + offset + count; ++i) {
    const SimTube& tube = _tubes[static_cast<std::size_t>(i)];
    _sampleToResult.add(at - tube.sampledMean, tube.people);
  }
}

}  // namespace natlims::planner
