#include "natlims/planner/PlanJson.h"

#include "JsonWriter.h"
#include "natlims/planner/TimeFormat.h"

namespace natlims::planner {

namespace {

double hours(double minutes) { return minutes / 60.0; }

void writeRemedies(JsonWriter& w, const std::vector<Remedy>& remedies, const OffsetTime& start) {
  w.beginArray();
  for (const auto& r : remedies) {
    w.beginObject();
    w.key("stage").value(r.stage);
    w.key("text").value(r.text);
    w.key("completion").value(TimeFormat::after(start, r.completionMinutes));
    w.key("hours_to_complete").number(hours(r.completionMinutes));
    w.key("report_max_minutes").number(r.reportMaxMinutes, 1);
    w.key("changes").beginArray();
    for (const auto& c : r.changes) {
      const bool site = c.kind == RemedyChange::Kind::Tables || c.kind == RemedyChange::Kind::PickupEveryMinutes;
      w.beginObject();
      w.key("field").value(remedyKindName(c.kind));
      w.key(site ? "site" : "lab").value(c.target);
      w.key("from").number(c.from, 2);
      w.key("to").number(c.to, 2);
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }
  w.endArray();
}

void writeDistribution(JsonWriter& w, const Distribution& d, double scale, int decimals) {
  w.beginObject();
  w.key("count").value(d.count);
  w.key("min").number(d.min * scale, decimals);
  w.key("p5").number(d.p5 * scale, decimals);
  w.key("p50").number(d.p50 * scale, decimals);
  w.key("p95").number(d.p95 * scale, decimals);
  w.key("p99").number(d.p99 * scale, decimals);
  w.key("max").number(d.max * scale, decimals);
  w.key("mean").number(d.mean * scale, decimals);
  w.endObject();
}

void writeSimulation(JsonWriter& w, const SimulationReport& r) {
  w.beginObject();
  w.key("runs").value(r.runs);
  w.key("seed").value(static_cast<std::int64_t>(r.seed));
  w.key("completion_hours");
  writeDistribution(w, r.completion, 1.0 / 60.0, 3);
  w.key("report_delay_minutes");
  writeDistribution(w, r.reportDelay, 1.0, 1);
  w.key("retest_report_delay_minutes");
  writeDistribution(w, r.retestReportDelay, 1.0, 1);
  w.key("sample_to_result_hours");
  writeDistribution(w, r.sampleToResult, 1.0 / 60.0, 3);
  w.key("recall_completion_hours");
  writeDistribution(w, r.recallCompletion, 1.0 / 60.0, 3);
  w.key("events_per_run").beginObject();
  const auto& e = r.events;
  w.key("arrivals").number(e.arrivals, 1);
  w.key("swabs").number(e.swabs, 1);
  w.key("tubes_closed").number(e.tubesClosed, 1);
  w.key("pickups").number(e.pickups, 1);
  w.key("deliveries").number(e.deliveries, 1);
  w.key("plates").number(e.plates, 1);
  w.key("runs").number(e.runs, 1);
  w.key("releases").number(e.releases, 1);
  w.key("positive_pools").number(e.positivePools, 1);
  w.key("recalls").number(e.recalls, 1);
  w.key("retests").number(e.retests, 1);
  w.key("confirmed_positives").number(e.confirmedPositives, 1);
  w.key("reports").number(e.reports, 1);
  w.key("total").number(e.total(), 1);
  w.endObject();
  w.key("agreement").beginObject();
  w.key("planned_hours").number(hours(r.planCompletionMinutes));
  w.key("simulated_mean_hours").number(hours(r.completion.mean));
  w.key("difference_minutes").number(r.completion.mean - r.planCompletionMinutes, 1);
  w.key("tolerance_minutes").number(r.toleranceMinutes, 1);
  w.key("completion_agrees").value(r.completionAgrees);
  w.key("planned_report_p99_minutes").number(r.planReportP99Minutes, 1);
  w.key("simulated_report_p99_minutes").number(r.reportDelay.p99, 1);
  w.key("report_agrees").value(r.reportAgrees);
  w.endObject();
  w.endObject();
}

}  // namespace

std::string PlanJson::write(const Plan& plan, const SimulationReport* simulation) {
  return write(plan, simulation, Options{});
}

std::string PlanJson::write(const Plan& plan, const SimulationReport* simulation, const Options& options) {
  const Scenario& s = plan.scenario;
  const OffsetTime start{s.startUnixSeconds, s.offsetMinutes};
  JsonWriter w;
  w.beginObject();
  w.key("completion").value(TimeFormat::after(start, plan.completionMinutes));
  w.key("hours_to_complete").number(plan.hoursToComplete());
  w.key("within_deadline").value(plan.withinDeadline);
  w.key("bottleneck").value(stageName(plan.bottleneck));
  w.key("report_p99_minutes").number(plan.sla.reportP99Minutes, 1);
  w.key("verdict").value(plan.verdict);
  w.key("scenario").value(s.name);
  w.key("start").value(TimeFormat::after(start, 0));
  w.key("deadline").value(TimeFormat::after(start, plan.deadlineMinutes));
  w.key("deadline_hours").number(s.deadlineHours);
  w.key("margin_hours").number(plan.marginHours());
  w.key("bottleneck_at").value(plan.bottleneckWhere);
  w.key("critical_path").beginObject();
  w.key("sampling_hours").number(hours(plan.criticalPath.samplingMinutes));
  w.key("transport_hours").number(hours(plan.criticalPath.transportMinutes));
  w.key("lab_hours").number(hours(plan.criticalPath.labMinutes));
  w.key("site").value(plan.criticalPath.site >= 0 ? s.sites[static_cast<std::size_t>(plan.criticalPath.site)].id : "");
  w.key("lab").value(plan.criticalPath.lab >= 0 ? s.labs[static_cast<std::size_t>(plan.criticalPath.lab)].id : "");
  w.endObject();
  w.key("remedies");
  writeRemedies(w, plan.remedies, start);
  w.key("warnings").beginArray();
  for (const auto& warning : plan.warnings) w.value(warning);
  w.endArray();
  w.key("report_sla_minutes").number(s.reportSlaMinutes, 1);
  w.key("report_p50_minutes").number(plan.sla.reportP50Minutes, 1);
  w.key("report_max_minutes").number(plan.sla.reportMaxMinutes, 1);
  w.key("retest_report_p99_minutes").number(plan.sla.retestReportP99Minutes, 1);
  w.key("receipt_to_report_p99_minutes").number(plan.sla.receiptToReportP99Minutes, 1);
  w.key("sla_met").value(plan.sla.met);
  w.key("sla_verdict").value(plan.sla.text);
  w.key("sla_remedies");
  writeRemedies(w, plan.sla.remedies, start);
  w.key("population").value(plan.population);
  w.key("tubes").value(plan.tubes);
  w.key("plates").value(plan.plates);
  w.key("pickups").value(static_cast<std::int64_t>(plan.pickups.size()));
  w.key("sample_to_result_hours").beginObject();
  w.key("p50").number(hours(plan.sampleToResultP50Minutes));
  w.key("p99").number(hours(plan.sampleToResultP99Minutes));
  w.key("max").number(hours(plan.sampleToResultMaxMinutes));
  w.endObject();

  const RecallPlan& r = plan.recall;
  w.key("recall").beginObject();
  w.key("prevalence").number(s.prevalence, 6);
  w.key("expected_positives").number(r.expectedPositives, 1);
  w.key("positive_pools").number(r.positivePools, 1);
  w.key("positive_pool_share").number(r.positivePoolShare, 5);
  w.key("people_to_resample").number(r.peopleToResample, 1);
  w.key("tests_per_person").number(r.testsPerPerson, 4);
  w.key("planned_positive_pools").value(r.plannedPositivePools);
  w.key("planned_retest_tubes").value(r.plannedRetestTubes);
  if (r.plannedRetestTubes > 0) {
    w.key("completion").value(TimeFormat::after(start, r.completion));
    w.key("hours_to_complete").number(hours(r.completion));
  } else {
    w.key("completion").null();
    w.key("hours_to_complete").null();
  }
  w.endObject();

  w.key("groups").beginArray();
  for (const auto& g : plan.groups) {
    w.beginObject();
    w.key("name").value(g.name);
    w.key("people").value(g.people);
    if (g.people > 0) {
      w.key("completion").value(TimeFormat::after(start, g.completion));
      w.key("hours_to_complete").number(hours(g.completion));
    } else {
      w.key("completion").null();
      w.key("hours_to_complete").null();
    }
    w.endObject();
  }
  w.endArray();

  w.key("sites").beginArray();
  for (std::size_t i = 0; i < plan.sites.size(); ++i) {
    const auto& site = plan.sites[i];
    w.beginObject();
    w.key("id").value(s.sites[i].id);
    w.key("lab").value(s.sites[i].lab);
    w.key("tables").value(s.sites[i].tables);
    w.key("people").value(site.people);
    w.key("tubes").value(site.tubes);
    w.key("sampling_start_hours").number(hours(site.samplingStart));
    w.key("sampling_end_hours").number(hours(site.samplingEnd));
    w.key("last_result_hours").number(hours(site.lastResult));
    w.key("pickups").value(site.pickups);
    w.endObject();
  }
  w.endArray();

  w.key("labs").beginArray();
  for (std::size_t i = 0; i < plan.labs.size(); ++i) {
    const auto& lab = plan.labs[i];
    w.beginObject();
    w.key("id").value(s.labs[i].id);
    w.key("instruments").value(s.labs[i].instruments);
    w.key("reviewers").value(s.labs[i].effectiveReviewers());
    w.key("tubes").value(lab.tubes);
    w.key("retest_tubes").value(lab.retestTubes);
    w.key("plates").value(lab.plates);
    w.key("first_run_hours").number(hours(lab.firstRun));
    w.key("last_result_hours").number(hours(lab.lastResult));
    w.key("instrument_hours_busy").number(lab.instrumentHoursBusy, 1);
    w.key("utilization").number(lab.utilization, 3);
    w.key("max_turnaround_minutes").number(lab.maxTurnaroundMinutes, 1);
    w.key("report_max_minutes").number(lab.reportMaxMinutes, 1);
    w.endObject();
  }
  w.endArray();

  w.key("hours").beginArray();
  for (std::size_t h = 0; h < plan.hours.size(); ++h) {
    const auto& load = plan.hours[h];
    w.beginObject();
    w.key("hour").value(static_cast<std::int64_t>(h));
    w.key("sampling_people").number(load.samplingPeople, 0);
    w.key("sampling_capacity").number(load.samplingCapacity, 0);
    w.key("tubes_delivered").number(load.tubesDelivered, 0);
    w.key("lab_tubes").number(load.labTubes, 0);
    w.key("lab_capacity").number(load.labCapacity, 0);
    w.endObject();
  }
  w.endArray();

  if (options.slots) {
    w.key("slots").beginArray();
    for (const auto& slot : plan.slots) {
      const auto g = static_cast<std::size_t>(slot.group);
      w.beginObject();
      w.key("site").value(s.sites[static_cast<std::size_t>(slot.site)].id);
      w.key("grid_unit").value(s.gridUnits[static_cast<std::size_t>(slot.gridUnit)].path);
      w.key("group").value(g < s.priorityGroups.size() ? s.priorityGroups[g].name : std::string("everyone"));
      w.key("people").value(slot.people);
      w.key("tubes").value(slot.tubes);
      w.key("pool_size").value(slot.poolSize);
      w.key("start").value(TimeFormat::after(start, slot.start));
      w.key("end").value(TimeFormat::after(start, slot.end));
      w.key("start_hours").number(hours(slot.start));
      w.key("end_hours").number(hours(slot.end));
      w.endObject();
    }
    w.endArray();
  }

  if (simulation) {
    w.key("simulation");
    writeSimulation(w, *simulation);
  }
  w.endObject();
  return w.str();
}

}  // namespace natlims::planner
