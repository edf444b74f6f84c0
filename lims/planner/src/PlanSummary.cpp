#include "natlims/planner/PlanSummary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "TextFormat.h"
#include "natlims/planner/TimeFormat.h"

namespace natlims::planner {

namespace {

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", share * 100);
  return buf;
}

std::string counted(double n, const char* noun) {
  return countText(n) + " " + noun + (std::llround(n) == 1 ? "" : "s");
}

std::string decimal(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

void PlanSummary::write(const Plan& plan, std::ostream& out, const SimulationReport* sim) {
  const Scenario& s = plan.scenario;
  const OffsetTime start{s.startUnixSeconds, s.offsetMinutes};
  int tables = 0, instruments = 0;
  for (const auto& site : s.sites) tables += site.tables;
  for (const auto& lab : s.labs) instruments += lab.instruments;
  out << "Scenario    " << (s.name.empty() ? "(unnamed)" : s.name) << ": " << countText(static_cast<double>(plan.population))
      << " people in " << counted(s.gridUnits.size(), "grid unit") << ", " << counted(s.sites.size(), "site") << " ("
      << counted(tables, "table") << "), " << counted(s.labs.size(), "lab") << " (" << counted(instruments, "instrument")
      << ")\n";
  out << "Start       " << TimeFormat::after(start, 0) << ", deadline +" << hoursText(plan.deadlineMinutes) << " h ("
      << TimeFormat::after(start, plan.deadlineMinutes) << ")\n";
  out << "Verdict     " << plan.verdict << '\n';
  out << "Completion  " << TimeFormat::after(start, plan.completionMinutes) << " (+" << hoursText(plan.completionMinutes)
      << " h, " << (plan.withinDeadline ? hoursText(plan.deadlineMinutes - plan.completionMinutes) + " h to spare"
                                        : hoursText(plan.completionMinutes - plan.deadlineMinutes) + " h late")
      << ")\n";
  const auto& cp = plan.criticalPath;
  out << "Bottleneck  " << stageName(plan.bottleneck) << (plan.bottleneckWhere.empty() ? "" : " at " + plan.bottleneckWhere)
      << " (last result: sampling " << hoursText(cp.samplingMinutes) << " h, transport " << hoursText(cp.transportMinutes)
      << " h, lab " << hoursText(cp.labMinutes) << " h)\n";
  for (const auto& r : plan.remedies)
    out << "Remedy      " << r.text << " -> finishes at +" << hoursText(r.completionMinutes) << " h\n";
  for (const auto& w : plan.warnings) out << "Warning     " << w << '\n';

  double firstEnd = 0, lastEnd = 0;
  bool any = false;
  for (const auto& site : plan.sites) {
    if (site.people == 0) continue;
    firstEnd = any ? std::min(firstEnd, site.samplingEnd) : site.samplingEnd;
    lastEnd = any ? std::max(lastEnd, site.samplingEnd) : site.samplingEnd;
    any = true;
  }
  out << "Sampling    " << countText(static_cast<double>(plan.population)) << " people in "
      << counted(static_cast<double>(plan.tubes), "tube") << "; ";
  if (hoursText(firstEnd) == hoursText(lastEnd)) out << "sampling ends at +" << hoursText(lastEnd) << " h\n";
  else out << "sites finish between +" << hoursText(firstEnd) << " h and +" << hoursText(lastEnd) << " h\n";
  out << "Transport   " << counted(static_cast<double>(plan.pickups.size()), "courier pickup") << "\n";
  std::vector<std::size_t> order(plan.labs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return plan.labs[a].lastResult > plan.labs[b].lastResult; });
  for (std::size_t k = 0; k < order.size() && k < 5; ++k) {
    const auto& lab = plan.labs[order[k]];
    out << "Lab         " << s.labs[order[k]].id << ": " << countText(static_cast<double>(lab.tubes)) << " tubes + "
        << countText(static_cast<double>(lab.retestTubes)) << " retests on " << countText(lab.plates)
        << " plates, instruments busy " << percent(lab.utilization) << ", last result +" << hoursText(lab.lastResult)
        << " h\n";
  }
  if (order.size() > 5) out << "            (" << order.size() - 5 << " more labs finish earlier)\n";
  out << "Groups     ";
  for (const auto& g : plan.groups)
    if (g.people > 0)
      out << ' ' << g.name << " (" << countText(static_cast<double>(g.people)) << ") +" << hoursText(g.completion) << " h;";
  out << '\n';
  out << "Results     sample to result p50 " << hoursText(plan.sampleToResultP50Minutes) << " h, p99 "
      << hoursText(plan.sampleToResultP99Minutes) << " h, max " << hoursText(plan.sampleToResultMaxMinutes) << " h\n";
  out << "SLA         " << plan.sla.text << '\n';
  const auto& r = plan.recall;
  out << "Recall      prevalence " << decimal(s.prevalence * 100, 3) << " %: " << countText(r.expectedPositives)
      << " positives expected, " << countText(r.positivePools) << " positive pools (" << percent(r.positivePoolShare)
      << " of tubes), " << countText(r.peopleToResample) << " people to re-swab; "
      << decimal(r.testsPerPerson, 3) << " tests per person";
  if (r.plannedRetestTubes > 0) out << "; last retest result +" << hoursText(r.completion) << " h";
  out << '\n';
  if (sim) {
    out << "Simulation  " << sim->runs << " runs (seed " << sim->seed << "): completion p5 +"
        << hoursText(sim->completion.p5) << " h, p50 +" << hoursText(sim->completion.p50) << " h, p95 +"
        << hoursText(sim->completion.p95) << " h, mean +" << hoursText(sim->completion.mean) << " h\n";
    out << "            report delay p50 " << minutesText(sim->reportDelay.p50) << " min, p95 "
        << minutesText(sim->reportDelay.p95) << " min, p99 " << minutesText(sim->reportDelay.p99) << " min, max "
        << minutesText(sim->reportDelay.max) << " min (" << sim->reportDelay.count << " positive pools)\n";
    out << "            " << countText(sim->events.total()) << " events per run ("
        << countText(sim->events.swabs) << " swabs, " << countText(sim->events.tubesClosed) << " tubes, "
        << countText(sim->events.runs) << " runs, " << countText(sim->events.retests) << " retests)\n";
    out << "Agreement   simulated mean differs from the plan by "
        << minutesText(sim->completion.mean - sim->planCompletionMinutes) << " min (tolerance "
        << minutesText(sim->toleranceMinutes) << " min): " << (sim->completionAgrees ? "agrees" : "DISAGREES")
        << "; report p99 " << (sim->reportAgrees ? "agrees" : "DISAGREES") << '\n';
  }
}

}  // namespace natlims::planner
