#include "PlanCore.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "PickupClock.h"
#include "PlanHooks.h"

namespace natlims::planner {

ScenarioIndex ScenarioIndex::build(const Scenario& s) {
  ScenarioIndex index;
  std::unordered_map<std::string, int> sites, labs;
  for (std::size_t i = 0; i < s.sites.size(); ++i) sites.emplace(s.sites[i].id, static_cast<int>(i));
  for (std::size_t i = 0; i < s.labs.size(); ++i) labs.emplace(s.labs[i].id, static_cast<int>(i));
  index.unitsOfSite.resize(s.sites.size());
  index.sitesOfLab.resize(s.labs.size());
  for (std::size_t u = 0; u < s.gridUnits.size(); ++u)
    index.unitsOfSite[static_cast<std::size_t>(sites.at(s.gridUnits[u].site))].push_back(static_cast<int>(u));
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const int lab = labs.at(s.sites[i].lab);
    index.labOfSite.push_back(lab);
    index.sitesOfLab[static_cast<std::size_t>(lab)].push_back(static_cast<int>(i));
  }
  return index;
}

LabSetup PlanCore::setupOf(const Scenario& s, const Lab& lab, const OpeningHours& hours) {
  LabSetup setup;
  setup.instruments = lab.instruments;
  setup.reviewers = lab.effectiveReviewers();
  setup.perPlate = lab.samplesPerPlate();
  setup.extractionMinutes = lab.extractionMinutes;
  setup.runMinutes = lab.runMinutes;
  setup.reviewMinutes = lab.reviewMinutes >= 0 ? lab.reviewMinutes : s.reviewMinutes;
  setup.reportMinutes = s.reportMinutes;
  setup.fillWaitMinutes = s.plateFillWaitMinutes;
  setup.priorityGroups = static_cast<int>(s.priorityGroups.size());
  setup.hours = &hours;
  return setup;
}

namespace {

// The courier's calls at one site turned into lots: FIFO over the slots' closed tubes, at most
// tubes_per_pickup a trip, the last call when the site finishes, then more calls while tubes
// remain.
void collectPickups(const Scenario& s, int siteIndex, const SiteSchedule& schedule, std::vector<Lot>& lots,
                    std::vector<PickupPlan>& pickups) {
  const Site& site = s.sites[static_cast<std::size_t>(siteIndex)];
  const auto& parts = schedule.parts();
  const auto& segments = schedule.segments();
  if (parts.empty()) return;
  const PickupClock clock(schedule.hours(), site.pickupEveryMinutes);
  const double p = s.prevalence;
  std::size_t part = 0;
  std::int64_t taken = 0;

  const auto take = [&](double at, bool all) {
    std::int64_t room = site.tubesPerPickup > 0 ? site.tubesPerPickup : std::numeric_limits<std::int64_t>::max();
    std::int64_t tookHere = 0;
    while (room > 0 && part < parts.size()) {
      const SegmentPart& sp = parts[part];
      const std::int64_t closed = all ? sp.tubes : schedule.tubesClosedBy(sp, at);
      const std::int64_t n = std::min(room, closed - taken);
      if (n > 0) {
        const Segment& seg = segments[static_cast<std::size_t>(sp.segment)];
        Lot lot;
        lot.pickedAt = at;
        lot.arrivesAt = at + site.transportMinutes;
        lot.lastClosedAt = std::min(at, schedule.tubeClosesAt(sp, taken + n));
        lot.sampledAt = schedule.meanSampledAt(sp, taken, taken + n);
        lot.tubes = static_cast<std::int32_t>(n);
        const auto peopleUpTo = [&](std::int64_t tubes) {
          return std::llround(static_cast<double>(sp.people) * static_cast<double>(tubes) / static_cast<double>(sp.tubes));
        };
        lot.people = static_cast<std::int32_t>(peopleUpTo(taken + n) - peopleUpTo(taken));
        lot.site = siteIndex;
        lot.group = static_cast<std::int16_t>(seg.group);
        const double perTube = static_cast<double>(sp.people) / static_cast<double>(sp.tubes);
        lot.positiveRate = 1.0 - std::pow(1.0 - p, perTube);
        lots.push_back(lot);
        taken += n;
        room -= n;
        tookHere += n;
      }
      if (taken >= sp.tubes) {
        ++part;
        taken = 0;
      } else {
        break;  // this slot is still filling tubes; later slots have none closed yet
      }
    }
    if (tookHere > 0) pickups.push_back({siteIndex, at, at + site.transportMinutes, tookHere});
  };

  double at = clock.next(schedule.start());
  while (at < schedule.end() - 1e-9 && !clock.waitsForEnd(at, schedule.end())) {
    take(at, false);
    at = clock.next(at);
  }
  take(schedule.end(), true);
  at = schedule.end();
  while (part < parts.size()) {
    at += site.pickupEveryMinutes;
    take(at, true);
  }
}

}  // namespace

CoreResult PlanCore::run(const Scenario& s, const ScenarioIndex& index) {
  CoreResult core;
  const double m0 = s.startMinuteOfDay();
  core.siteHours.reserve(s.sites.size());
  for (const auto& site : s.sites) core.siteHours.emplace_back(site.open, m0);
  core.labHours.reserve(s.labs.size());
  for (const auto& lab : s.labs) core.labHours.emplace_back(lab.open, m0);
  core.schedules.reserve(s.sites.size());
  core.siteLastResult.assign(s.sites.size(), 0.0);
  core.groupLast.assign(s.priorityGroups.size() + 1, 0.0);
  core.labs.resize(s.labs.size());

  double calls = 0, mostCalls = 0;
  std::size_t busiest = 0;
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    core.schedules.emplace_back(s, static_cast<int>(i), index.unitsOfSite[i], core.siteHours[i]);
    const SiteSchedule& schedule = core.schedules.back();
    if (schedule.end() > kMaxPlanDays * 1440) {
      throw std::invalid_argument(
          "sites[" + std::to_string(i) + "].tables: site " + s.sites[i].id + " would sample its " +
          std::to_string(schedule.people()) + " people for " + std::to_string(static_cast<long>(schedule.end() / 1440)) +
          " days; the planner stops at " + std::to_string(static_cast<int>(kMaxPlanDays)) + " days");
    }
    // Calls during sampling and, with a limit per call, the trips the tubes need.
    const Site& site = s.sites[i];
    double mine = schedule.people() > 0 ? (schedule.end() - schedule.start()) / site.pickupEveryMinutes + 2 : 0;
    if (site.tubesPerPickup > 0) mine += static_cast<double>(schedule.tubes()) / site.tubesPerPickup;
    calls += mine;
    if (mine > mostCalls) {
      mostCalls = mine;
      busiest = i;
    }
  }
  if (calls > kMaxPickups) {
    throw std::invalid_argument("sites[" + std::to_string(busiest) + "].pickup_every_minutes: the couriers would call " +
                                std::to_string(static_cast<long long>(calls)) + " times (site " + s.sites[busiest].id +
                                " " + std::to_string(static_cast<long long>(mostCalls)) +
                                "); the planner handles up to " + std::to_string(static_cast<long long>(kMaxPickups)));
  }
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    auto& arrivals = core.labs[static_cast<std::size_t>(index.labOfSite[i])].arrivals;
    collectPickups(s, static_cast<int>(i), core.schedules[i], arrivals, core.pickups);
  }

  for (std::size_t l = 0; l < s.labs.size(); ++l) {
    LabOutcome& out = core.labs[l];
    PlanHooks hooks(s, &core.siteLastResult, &core.groupLast, &core.sampleToResult);
    LabEngine engine(setupOf(s, s.labs[l], core.labHours[l]), hooks);
    out.tally = engine.run(out.arrivals);
    out.lots = engine.lots();
    out.plates = engine.plates();
    out.parts = engine.parts();
    core.completion = std::max(core.completion, out.tally.lastRoutineRelease);
    core.lastRetest = std::max(core.lastRetest, out.tally.lastRetestRelease);
  }
  return core;
}

LabTally PlanCore::replayLab(const Scenario& s, const CoreResult& core, int lab, int instruments, int reviewers,
                             std::vector<PlateRecord>* plates) {
  const auto l = static_cast<std::size_t>(lab);
  PlanHooks hooks(s, nullptr, nullptr, nullptr);
  LabSetup setup = setupOf(s, s.labs[l], core.labHours[l]);
  setup.instruments = instruments;
  setup.reviewers = reviewers;
  LabEngine engine(setup, hooks);
  LabTally tally = engine.run(core.labs[l].arrivals);
  if (plates) *plates = engine.plates();
  return tally;
}

}  // namespace natlims::planner
