#include "natlims/planner/Planner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "CriticalPathFinder.h"
#include "PlanCore.h"
#include "RemedyFinder.h"
#include "TextFormat.h"

namespace natlims::planner {

const char* stageName(Stage stage) {
  switch (stage) {
    case Stage::Sampling: return "sampling";
    case Stage::Transport: return "transport";
    case Stage::Lab: return "lab";
  }
  return "";
}

namespace {

void planRemedies(Plan& plan, const RemedyFinder& finder) {
  // Every stage alone, the bottleneck's first; the combination only when none suffices.
  std::vector<Stage> order{plan.bottleneck};
  for (Stage s : {Stage::Sampling, Stage::Lab, Stage::Transport})
    if (s != plan.bottleneck) order.push_back(s);
  for (Stage stage : order) {
    std::optional<Remedy> r;
    switch (stage) {
      case Stage::Sampling: r = finder.sampling(); break;
      case Stage::Transport: r = finder.transport(); break;
      case Stage::Lab: r = finder.lab(); break;
    }
    if (r) plan.remedies.push_back(std::move(*r));
  }
  if (plan.remedies.empty())
    if (auto r = finder.combined()) plan.remedies.push_back(std::move(*r));
}

std::string verdictOf(const Plan& plan) {
  const std::string deadline = hoursText(plan.deadlineMinutes);
  if (plan.withinDeadline)
    return "finishes at +" + hoursText(plan.completionMinutes) + " h, within " + deadline + " h";
  const double late = plan.completionMinutes - plan.deadlineMinutes;
  std::string text = "misses by " + (late < 59.5 ? minutesText(std::max(1.0, late)) + " min" : hoursText(late) + " h");
  if (plan.remedies.empty())
    return text + ": no added tables, pickups or instruments make " + deadline +
           " h; open the sites longer, start earlier or send tubes to a nearer lab";
  text += ": ";
  for (std::size_t i = 0; i < plan.remedies.size(); ++i) text += (i ? ", or " : "") + plan.remedies[i].text;
  return text;
}

void checkSla(Plan& plan, const CoreResult& core, const RemedyFinder& finder) {
  const Scenario& s = plan.scenario;
  std::vector<Weighted> first, retest, fromReceipt;
  for (const auto& lab : core.labs) {
    for (const auto& p : lab.plates) {
      const double delay = p.positiveWait + (p.releasedAt - p.reviewStart) + s.reportMinutes;
      for (std::int32_t i = p.partsBegin; i < p.partsEnd; ++i) {
        const PlatePart& part = lab.parts[static_cast<std::size_t>(i)];
        const Lot& lot = lab.lots[static_cast<std::size_t>(part.lot)];
        if (lot.urgent) continue;
        const double weight = s.prevalence > 0 ? part.count * lot.positiveRate : part.count;
        fromReceipt.push_back({p.runEnd - lot.receivedAt + delay, weight});
      }
      // A positive is as likely on a plate as its expected positives say (its tubes when p = 0).
      if (p.routineTubes > 0)
        first.push_back({delay, s.prevalence > 0 ? p.expectedPositives : static_cast<double>(p.routineTubes)});
      if (p.urgent) retest.push_back({delay, static_cast<double>(p.tubes - p.routineTubes)});
    }
  }
  SlaCheck& sla = plan.sla;
  sla.reportP50Minutes = weightedQuantile(first, 0.5);
  sla.reportP99Minutes = weightedQuantile(first, 0.99);
  sla.reportMaxMinutes = weightedMax(first);
  sla.retestReportP99Minutes = weightedQuantile(retest, 0.99);
  sla.receiptToReportP99Minutes = weightedQuantile(fromReceipt, 0.99);
  const double worst = std::max(sla.reportMaxMinutes, weightedMax(retest));
  sla.met = worst <= s.reportSlaMinutes + 1e-6;
  const std::string within = "the " + minutesText(s.reportSlaMinutes) + "-min SLA";
  if (sla.met) {
    sla.text = "every positive reported within " + within + " (p99 " + minutesText(sla.reportP99Minutes) +
               " min, at most " + minutesText(worst) + " min after its run)";
    return;
  }
  sla.text = "positives reported up to " + minutesText(worst) + " min after their run (p99 " +
             minutesText(sla.reportP99Minutes) + " min), over " + within;
  if (auto r = finder.reportSla()) {
    sla.text += ": " + r->text;
    sla.remedies.push_back(std::move(*r));
  } else {
    sla.text += ": review (" + minutesText(s.reviewMinutes) + " min), report (" + minutesText(s.reportMinutes) +
                " min) or the labs' hours leave no room";
  }
}

void sizeRecall(Plan& plan, const CoreResult& core) {
  const Scenario& s = plan.scenario;
  RecallPlan& r = plan.recall;
  const double p = s.prevalence;
  double tubes = 0;
  for (const auto& schedule : core.schedules)
    for (const auto& part : schedule.parts()) {
      const double perTube = static_cast<double>(part.people) / static_cast<double>(part.tubes);
      const double q = 1.0 - std::pow(1.0 - p, perTube);
      r.positivePools += static_cast<double>(part.tubes) * q;
      r.peopleToResample += static_cast<double>(part.people) * q;
      tubes += static_cast<double>(part.tubes);
    }
  r.expectedPositives = p * static_cast<double>(plan.population);
  r.positivePoolShare = tubes > 0 ? r.positivePools / tubes : 0;
  r.testsPerPerson = plan.population > 0 ? (tubes + r.peopleToResample) / static_cast<double>(plan.population) : 0;
  for (const auto& lab : core.labs) {
    r.plannedPositivePools += lab.tally.positivePools;
    r.plannedRetestTubes += lab.tally.retestTubes;
  }
  r.completion = core.lastRetest;
}

void fillLoads(Plan& plan, const CoreResult& core) {
  const Scenario& s = plan.scenario;
  const double horizon = std::max({plan.completionMinutes, plan.recall.completion, plan.deadlineMinutes});
  const auto hours = static_cast<std::size_t>(std::ceil(horizon / 60.0)) + 1;
  plan.hours.assign(hours, HourLoad{});
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const auto& schedule = core.schedules[i];
    const auto& open = core.siteHours[i];
    const double rate = s.sites[i].tables * s.sites[i].perTablePerHour / 60.0;
    for (std::size_t h = 0; h < hours; ++h) {
      const double a = 60.0 * static_cast<double>(h), b = a + 60.0;
      plan.hours[h].samplingCapacity += rate * open.openBetween(a, b);
      if (schedule.people() > 0 && schedule.end() > a && schedule.start() < b)
        plan.hours[h].samplingPeople += rate * open.openBetween(std::max(a, schedule.start()), std::min(b, schedule.end()));
    }
  }
  for (std::size_t l = 0; l < s.labs.size(); ++l) {
    const Lab& lab = s.labs[l];
    const auto& open = core.labHours[l];
    const double perMinute = lab.instruments * lab.samplesPerPlate() / lab.runMinutes;
    for (std::size_t h = 0; h < hours; ++h)
      plan.hours[h].labCapacity += perMinute * open.openBetween(60.0 * static_cast<double>(h), 60.0 * static_cast<double>(h) + 60.0);
    for (const auto& lot : core.labs[l].arrivals) {
      const auto h = static_cast<std::size_t>(std::max(0.0, lot.arrivesAt) / 60.0);
      if (h < hours) plan.hours[h].tubesDelivered += lot.tubes;
    }
    // Per lab-hour: tubes tested (by run end) and busy instrument time.
    std::vector<LabHourLoad> perHour(hours);
    for (const auto& p : core.labs[l].plates) {
      const auto end = static_cast<std::size_t>(p.runEnd / 60.0);
      if (end < hours) {
        plan.hours[end].labTubes += p.tubes;
        perHour[end].tubes += p.tubes;
      }
      const auto start = static_cast<std::size_t>(p.runStart / 60.0);
      if (start < hours) ++perHour[start].plates;
      for (std::size_t h = start; h <= end && h < hours; ++h) {
        const double a = 60.0 * static_cast<double>(h);
        perHour[h].utilization += std::max(0.0, std::min(a + 60.0, p.runEnd) - std::max(a, p.runStart));
      }
    }
    for (std::size_t h = 0; h < hours; ++h) {
      LabHourLoad& load = perHour[h];
      if (load.tubes == 0 && load.plates == 0 && load.utilization == 0) continue;
      const double openMinutes = open.openBetween(60.0 * static_cast<double>(h), 60.0 * static_cast<double>(h) + 60.0);
      load.lab = static_cast<int>(l);
      load.hour = static_cast<int>(h);
      load.utilization = openMinutes > 0 ? std::min(1.0, load.utilization / (lab.instruments * openMinutes)) : 1.0;
      plan.labHours.push_back(load);
    }
  }
}

void describeStages(Plan& plan, CoreResult& core) {
  const Scenario& s = plan.scenario;
  for (std::size_t g = 0; g <= s.priorityGroups.size(); ++g) {
    GroupPlan group;
    group.name = g < s.priorityGroups.size() ? s.priorityGroups[g].name : "everyone";
    for (const auto& unit : s.gridUnits) group.people += s.peopleIn(unit, g);
    group.completion = core.groupLast[g];
    plan.groups.push_back(group);
  }
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const auto& schedule = core.schedules[i];
    SitePlan site;
    site.people = schedule.people();
    site.tubes = schedule.tubes();
    site.samplingStart = schedule.start();
    site.samplingEnd = schedule.end();
    site.lastResult = core.siteLastResult[i];
    plan.sites.push_back(site);
    for (const auto& seg : schedule.segments())
      plan.slots.push_back({static_cast<int>(i), seg.gridUnit, seg.group, seg.people, seg.poolSize, seg.tubes, seg.start, seg.end});
    plan.population += site.people;
    plan.tubes += site.tubes;
  }
  for (const auto& pickup : core.pickups) ++plan.sites[static_cast<std::size_t>(pickup.site)].pickups;
  plan.pickups = std::move(core.pickups);
  for (std::size_t l = 0; l < s.labs.size(); ++l) {
    const auto& out = core.labs[l];
    LabPlan lab;
    lab.tubes = out.tally.routineTubes;
    lab.retestTubes = out.tally.retestTubes;
    lab.plates = static_cast<int>(out.plates.size());
    lab.firstRun = std::isfinite(out.tally.firstRunStart) ? out.tally.firstRunStart : 0;
    lab.lastResult = out.tally.lastRoutineRelease;
    lab.lastRetestResult = out.tally.lastRetestRelease;
    lab.instrumentHoursBusy = out.tally.busyMinutes / 60.0;
    double lastRunEnd = 0;
    for (const auto& p : out.plates) lastRunEnd = std::max(lastRunEnd, p.runEnd);
    const double window = core.labHours[l].openBetween(lab.firstRun, lastRunEnd) * s.labs[l].instruments;
    lab.utilization = window > 0 ? std::min(1.0, out.tally.busyMinutes / window) : 0;
    lab.maxTurnaroundMinutes = out.tally.maxTurnaround;
    lab.reportMaxMinutes = RemedyFinder::reportMax(out.plates, s.reportMinutes);
    plan.labs.push_back(lab);
    plan.plates += lab.plates;
  }
  plan.sampleToResultP50Minutes = weightedQuantile(core.sampleToResult, 0.5);
  plan.sampleToResultP99Minutes = weightedQuantile(core.sampleToResult, 0.99);
  plan.sampleToResultMaxMinutes = weightedMax(core.sampleToResult);
}

// Dorfman's tests per person for pools of k at prevalence p.
double testsPerPerson(int k, double p) { return k == 1 ? 1.0 : 1.0 / k + 1.0 - std::pow(1.0 - p, k); }

void warn(Plan& plan, const CoreResult& core) {
  const Scenario& s = plan.scenario;
  const double p = s.prevalence;
  // Pools too large for the prevalence: many positive pools, many re-swabs. (Smaller pools than
  // Dorfman's optimum are a choice for sensitivity, and the guidance pools 20 at most.)
  std::vector<bool> used(51, false);
  for (const auto& slot : plan.slots)
    if (slot.poolSize > 1 && slot.group == static_cast<int>(s.priorityGroups.size())) used[static_cast<std::size_t>(slot.poolSize)] = true;
  int best = 1;
  for (int k = 1; k <= 20; ++k)
    if (testsPerPerson(k, p) < testsPerPerson(best, p)) best = k;
  for (int k = best + 1; k <= 50; ++k) {
    if (!used[static_cast<std::size_t>(k)] || p <= 0) continue;
    const double mine = testsPerPerson(k, p), least = testsPerPerson(best, p);
    if (mine <= 1.1 * least) continue;
    char text[256];
    std::snprintf(text, sizeof text,
                  "at %.2g %% prevalence, %d-in-1 pools are positive %.0f %% of the time: %s needs fewer tests "
                  "(%.3f instead of %.3f per person)",
                  p * 100, k, 100 * (1 - std::pow(1 - p, k)),
                  best == 1 ? std::string("single tubes").c_str() : (std::to_string(best) + "-in-1").c_str(), least, mine);
    plan.warnings.emplace_back(text);
  }
  // Runs that end after a lab closes: their results wait for the next opening.
  for (std::size_t l = 0; l < s.labs.size(); ++l) {
    int waiting = 0;
    for (const auto& plate : core.labs[l].plates)
      if (!core.labHours[l].isOpen(plate.runEnd) && plate.reviewStart > plate.runEnd + 1) ++waiting;
    if (waiting > 0)
      plan.warnings.push_back("at lab " + s.labs[l].id + ", " + std::to_string(waiting) + " plate" +
                              (waiting == 1 ? "" : "s") +
                              " end their run after closing and wait for the next opening to be reviewed: a few "
                              "minutes either way moves their results by hours");
  }
}

}  // namespace

Plan Planner::plan(const Scenario& scenario) {
  Plan plan;
  plan.scenario = scenario;
  const ScenarioIndex index = ScenarioIndex::build(scenario);
  CoreResult core = PlanCore::run(scenario, index);
  plan.deadlineMinutes = scenario.deadlineMinutes();
  plan.completionMinutes = core.completion;
  plan.withinDeadline = core.completion <= plan.deadlineMinutes + 1e-6;
  plan.criticalPath = CriticalPathFinder::find(core);
  plan.bottleneck = CriticalPathFinder::bottleneck(plan.criticalPath);
  if (plan.bottleneck == Stage::Lab && plan.criticalPath.lab >= 0)
    plan.bottleneckWhere = scenario.labs[static_cast<std::size_t>(plan.criticalPath.lab)].id;
  else if (plan.criticalPath.site >= 0)
    plan.bottleneckWhere = scenario.sites[static_cast<std::size_t>(plan.criticalPath.site)].id;
  const RemedyFinder finder(scenario, index, core);
  if (!plan.withinDeadline) planRemedies(plan, finder);
  plan.verdict = verdictOf(plan);
  checkSla(plan, core, finder);
  describeStages(plan, core);
  sizeRecall(plan, core);
  fillLoads(plan, core);
  warn(plan, core);
  return plan;
}

}  // namespace natlims::planner
