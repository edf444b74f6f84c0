#include "natlims/planner/Simulator.h"

#include <algorithm>
#include <cmath>

#include "Histogram.h"
#include "OpeningHours.h"
#include "PlanCore.h"
#include "SimulatedRound.h"

namespace natlims::planner {

double EventCounts::total() const {
  return arrivals + swabs + tubesClosed + pickups + deliveries + plates + runs + releases + positivePools + recalls +
         retests + confirmedPositives + reports;
}

double Simulator::toleranceMinutes(const Scenario& scenario, double planned) {
  double run = 0;
  for (const auto& lab : scenario.labs) run = std::max(run, lab.runMinutes);
  return std::max({30.0, 0.05 * planned, run});
}

SimulationReport Simulator::simulate(const Scenario& s, const Plan& plan, const SimulationOptions& options) {
  SimulationReport report;
  report.runs = std::max(1, options.runs);
  report.seed = options.seed;
  const ScenarioIndex index = ScenarioIndex::build(s);
  const double m0 = s.startMinuteOfDay();
  std::vector<OpeningHours> siteHours, labHours;
  for (const auto& site : s.sites) siteHours.emplace_back(site.open, m0);
  for (const auto& lab : s.labs) labHours.emplace_back(lab.open, m0);
  std::vector<std::vector<const SlotPlan*>> slots(s.sites.size());
  for (const auto& slot : plan.slots) slots[static_cast<std::size_t>(slot.site)].push_back(&slot);

  Histogram sampleToResult(1.0, 60 * 24 * 60);  // 1-minute bins, 60 days
  Histogram reports(0.1, 10 * 1440 * 10);       // 0.1-minute bins, 10 days
  Histogram retestReports(0.1, 10 * 1440 * 10);
  std::vector<double> recall;
  SimulatedRound round(s, slots, siteHours, labHours, index);
  for (int r = 0; r < report.runs; ++r) {
    const RoundOutcome out = round.run(options.seed, r, sampleToResult, reports, retestReports);
    report.completionMinutes.push_back(out.completion);
    recall.push_back(out.recallCompletion);
    const double w = 1.0 / report.runs;
    const EventCounts& e = out.events;
    EventCounts& m = report.events;
    m.arrivals += e.arrivals * w;
    m.swabs += e.swabs * w;
    m.tubesClosed += e.tubesClosed * w;
    m.pickups += e.pickups * w;
    m.deliveries += e.deliveries * w;
    m.plates += e.plates * w;
    m.runs += e.runs * w;
    m.releases += e.releases * w;
    m.positivePools += e.positivePools * w;
    m.recalls += e.recalls * w;
    m.retests += e.retests * w;
    m.confirmedPositives += e.confirmedPositives * w;
    m.reports += e.reports * w;
  }
  report.completion = distributionOf(report.completionMinutes);
  report.recallCompletion = distributionOf(recall);
  report.reportDelay = reports.distribution();
  report.retestReportDelay = retestReports.distribution();
  report.sampleToResult = sampleToResult.distribution();
  report.planCompletionMinutes = plan.completionMinutes;
  report.planReportP99Minutes = plan.sla.reportP99Minutes;
  report.toleranceMinutes = toleranceMinutes(s, plan.completionMinutes);
  report.completionAgrees = std::fabs(report.completion.mean - plan.completionMinutes) <= report.toleranceMinutes;
  report.reportAgrees = report.reportDelay.count == 0 ||
                        std::fabs(report.reportDelay.p99 - plan.sla.reportP99Minutes) <=
                            std::max(15.0, 0.25 * plan.sla.reportP99Minutes);
  return report;
}

}  // namespace natlims::planner
