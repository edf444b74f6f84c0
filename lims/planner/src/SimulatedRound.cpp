#include "SimulatedRound.h"

#include <algorithm>
#include <limits>
#include <queue>

#include "LabEngine.h"
#include "PickupClock.h"
#include "SimHooks.h"

namespace natlims::planner {

namespace {
// Random streams: one per (run, site) for sampling and pickups, one per (run, lab).
constexpr std::uint64_t kSiteStream = 1;
constexpr std::uint64_t kLabStream = 2;
}  // namespace

SimulatedRound::SimulatedRound(const Scenario& s, const std::vector<std::vector<const SlotPlan*>>& slots,
                               const std::vector<OpeningHours>& siteHours, const std::vector<OpeningHours>& labHours,
                               const ScenarioIndex& index)
    : _s(s), _slots(slots), _siteHours(siteHours), _labHours(labHours), _index(index) {}

RoundOutcome SimulatedRound::run(std::uint64_t seed, int run, Histogram& sampleToResult, Histogram& reports,
                                 Histogram& retestReports) {
  RoundOutcome out;
  _tubes.clear();
  _retests.clear();
  std::vector<std::vector<Lot>> lots(_s.labs.size());
  for (std::size_t i = 0; i < _s.sites.size(); ++i) {
    Random random(Random::derive(seed, static_cast<std::uint64_t>(run) * 4 + kSiteStream, i));
    const std::size_t first = _tubes.size();
    sample(static_cast<int>(i), random, out.events);
    deliver(static_cast<int>(i), first, random, lots[static_cast<std::size_t>(_index.labOfSite[i])], out.events);
  }
  for (std::size_t l = 0; l < _s.labs.size(); ++l) {
    Random random(Random::derive(seed, static_cast<std::uint64_t>(run) * 4 + kLabStream, l));
    SimHooks hooks(_s, random, _tubes, _retests, sampleToResult);
    LabEngine engine(PlanCore::setupOf(_s, _s.labs[l], _labHours[l]), hooks);
    const LabTally tally = engine.run(std::move(lots[l]));
    out.completion = std::max(out.completion, tally.lastRoutineRelease);
    out.recallCompletion = std::max(out.recallCompletion, tally.lastRetestRelease);
    out.events.plates += static_cast<double>(engine.plates().size());
    out.events.runs += static_cast<double>(tally.runs);
    out.events.releases += static_cast<double>(tally.releases);
    out.events.positivePools += static_cast<double>(tally.positivePools);
    out.events.recalls += static_cast<double>(hooks.recalls());
    out.events.retests += static_cast<double>(tally.retestTubes);
    out.events.confirmedPositives += static_cast<double>(tally.confirmedPositives);
    out.events.reports += static_cast<double>(tally.positivePools + tally.confirmedPositives);
    for (double d : tally.reportDelays) reports.add(d);
    for (double d : tally.retestReportDelays) retestReports.add(d);
  }
  return out;
}

void SimulatedRound::close(Table& table, double at, int site, EventCounts& events) {
  if (table.count == 0) return;
  SimTube tube;
  tube.closedAt = at;
  tube.sampledMean = table.sampledSum / table.count;
  tube.people = table.count;
  tube.positives = table.positives;
  tube.group = table.group;
  tube.site = site;
  _tubes.push_back(tube);
  events.tubesClosed += 1;
  table.count = table.positives = 0;
  table.sampledSum = 0;
}

// People arrive through their planned slots (one in each equal share of the slot's open time,
// at a random moment within it), queue, and are swabbed at the first free table in arrival
// order; each table pools its people and closes a tube at the pool size, when the next person
// belongs to another slot, or when the site closed in between.
void SimulatedRound::sample(int site, Random& random, EventCounts& events) {
  const Site& def = _s.sites[static_cast<std::size_t>(site)];
  const OpeningHours& hours = _siteHours[static_cast<std::size_t>(site)];
  const double mean = 60.0 / def.perTablePerHour;
  const double cv = _s.simulation.serviceCv;
  const double p = _s.prevalence;
  const std::size_t first = _tubes.size();
  std::vector<Table> tables(static_cast<std::size_t>(def.tables));
  using Free = std::pair<double, int>;
  std::priority_queue<Free, std::vector<Free>, std::greater<>> free;
  for (int t = 0; t < def.tables; ++t) free.push({0.0, t});
  const auto& slots = _slots[static_cast<std::size_t>(site)];
  for (std::size_t k = 0; k < slots.size(); ++k) {
    const SlotPlan& slot = *slots[k];
    const double fs = hours.openBefore(slot.start), fe = hours.openBefore(slot.end);
    const double step = (fe - fs) / static_cast<double>(slot.people);
    for (std::int64_t j = 0; j < slot.people; ++j) {
      const double arrival = hours.reachEnd(fs + (static_cast<double>(j) + random.uniform()) * step);
      const int id = free.top().second;
      free.pop();
      Table& table = tables[static_cast<std::size_t>(id)];
      const double start = std::max(arrival, table.freeAt);
      if (table.count > 0) {
        if (table.slot != static_cast<int>(k)) close(table, start, site, events);
        else if (!hours.alwaysOpen() && hours.nextOpeningAfter(table.lastEnd) <= start)
          close(table, table.lastEnd, site, events);
      }
      const double end = start + random.lognormal(mean, cv);
      table.slot = static_cast<int>(k);
      table.group = static_cast<std::int16_t>(slot.group);
      ++table.count;
      table.positives += random.bernoulli(p) ? 1 : 0;
      table.sampledSum += start;
      table.lastEnd = table.freeAt = end;
      if (table.count >= slot.poolSize) close(table, end, site, events);
      free.push({end, id});
    }
    events.arrivals += static_cast<double>(slot.people);
    events.swabs += static_cast<double>(slot.people);
  }
  for (auto& table : tables) close(table, table.lastEnd, site, events);
  std::sort(_tubes.begin() + static_cast<std::ptrdiff_t>(first), _tubes.end(),
            [](const SimTube& a, const SimTube& b) { return a.closedAt < b.closedAt; });
}

// The courier's calls (the planner's clock), each taking the tubes closed by then (FIFO, at
// most tubes_per_pickup), and a random travel time to the lab.
void SimulatedRound::deliver(int site, std::size_t first, Random& random, std::vector<Lot>& lots, EventCounts& events) {
  const std::size_t end = _tubes.size();
  if (first == end) return;
  const Site& def = _s.sites[static_cast<std::size_t>(site)];
  const PickupClock clock(_siteHours[static_cast<std::size_t>(site)], def.pickupEveryMinutes);
  double samplingEnd = 0;
  for (std::size_t i = first; i < end; ++i) samplingEnd = std::max(samplingEnd, _tubes[i].closedAt);
  std::size_t next = first;
  const auto take = [&](double at, bool all) {
    std::int64_t room = def.tubesPerPickup > 0 ? def.tubesPerPickup : std::numeric_limits<std::int64_t>::max();
    const std::size_t from = next;
    while (room > 0 && next < end && (all || _tubes[next].closedAt <= at)) {
      ++next;
      --room;
    }
    if (next == from) return;
    // One box; the lab sorts its tubes by group (priority groups go first).
    const double arrives = at + random.lognormal(def.transportMinutes, _s.simulation.transportCv);
    for (std::size_t i = from; i < next;) {
      const std::int16_t group = _tubes[i].group;
      std::size_t j = i;
      while (j < next && _tubes[j].group == group) ++j;
      Lot lot;
      lot.pickedAt = at;
      lot.arrivesAt = arrives;
      lot.lastClosedAt = _tubes[j - 1].closedAt;
      lot.tubes = static_cast<std::int32_t>(j - i);
      lot.site = site;
      lot.group = group;
      lot.firstTube = static_cast<std::int64_t>(i);
      lots.push_back(lot);
      i = j;
    }
    events.pickups += 1;
    events.deliveries += 1;
  };
  const auto& slots = _slots[static_cast<std::size_t>(site)];
  double at = clock.next(slots.front()->start);
  while (at < samplingEnd && !clock.waitsForEnd(at, samplingEnd)) {
    take(at, false);
    at = clock.next(at);
  }
  take(samplingEnd, true);
  at = samplingEnd;
  while (next < end) {
    at += def.pickupEveryMinutes;
    take(at, true);
  }
}

}  // namespace natlims::planner
