// Live tracking for coordinators: the dashboard's data, the people not yet sampled, and plans.
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <sstream>

#include "api/Csv.h"
#include "api/Routes.h"
#include "natlims/domain/GridPath.h"
#include "natlims/domain/Masking.h"
#include "natlims/lims/ApiError.h"
#include "natlims/planner/PlanJson.h"
#include "natlims/planner/Planner.h"
#include "natlims/planner/ScenarioReader.h"

namespace natlims::lims {

namespace {

constexpr std::int64_t kMaxScenarioBytes = 64LL << 20;
// A tube received but not tested for this long is an alert.
constexpr int kMaxWaitMinutes = 6 * 60;
// A report undelivered this close to its deadline is an alert.
constexpr Millis kReportWarning = 30 * 60 * 1000;

std::string gridParam(const ApiRequest& req, const CampaignRecord& c) {
  const auto q = req.query("grid");
  if (!q) return c.area;
  const auto g = domain::validateGridPath(*q);
  if (!g.ok) throw ApiError::invalid("grid", "grid " + g.error);
  if (!domain::gridPathUnder(g.normalized, c.area)) throw ApiError::invalid("grid", "grid is outside the campaign's area");
  return g.normalized;
}

// The share of people the plan expects swabbed by `at` (cumulative planned / planned total),
// or the linear share over the sampling window when no plan is attached.
double expectedShare(const std::optional<CampaignPlan>& plan, const CampaignRecord& c, Millis at) {
  if (plan && !plan->hourlyPeople.empty()) {
    double total = 0, done = 0;
    const double hours = static_cast<double>(at - plan->startAt) / 3.6e6;
    for (std::size_t h = 0; h < plan->hourlyPeople.size(); ++h) {
      total += plan->hourlyPeople[h];
      const double part = std::clamp(hours - static_cast<double>(h), 0.0, 1.0);
      done += plan->hourlyPeople[h] * part;
    }
    return total > 0 ? done / total : 0;
  }
  // Without a plan: sampling spread evenly over the first three quarters of the window, the
  // rest of the window left for transport, the lab and release.
  const double window = static_cast<double>(c.deadline() - c.startsAt) * 0.75;
  return std::clamp(static_cast<double>(at - c.startsAt) / window, 0.0, 1.0);
}

ApiResponse dashboard(ServerContext& ctx, ApiRequest& req) {
  const CampaignRecord c = campaignParam(ctx, req.params.at(0));
  const std::string grid = gridParam(req, c);
  const int offset = ctx.config.utcOffsetMinutes;
  const auto progress = ctx.store.progress(c);
  const auto plan = ctx.store.findPlan(c.id);
  const double expectedNow = expectedShare(plan, c, req.now);
  JsonWriter w;
  w.beginObject().key("campaign");
  writeCampaign(w, c, offset);
  w.member("now", formatRfc3339(req.now, offset)).key("progress");
  writeProgress(w, c, progress, req.now, offset);

  // Cumulative people sampled per hour, with the planned curve beside it.
  w.key("timeline").beginArray();
  const auto hours = ctx.store.samplingByHour(c.id);
  const std::int64_t lastHour = std::max<std::int64_t>(
      hours.empty() ? 0 : hours.back().first, std::min<std::int64_t>((req.now - c.startsAt) / 3600000, c.deadlineHours));
  std::int64_t cumulative = 0;
  std::size_t next = 0;
  for (std::int64_t h = 0; h <= std::max<std::int64_t>(lastHour, c.deadlineHours); ++h) {
    while (next < hours.size() && hours[next].first <= h) cumulative += hours[next++].second;
    const Millis at = c.startsAt + (h + 1) * 3600000;
    w.beginObject().member("at", formatRfc3339(at, offset));
    if (at <= req.now + 3600000 || h <= lastHour) w.member("sampled", cumulative);
    else w.key("sampled").null();
    w.member("planned", static_cast<std::int64_t>(std::llround(expectedShare(plan, c, at) * static_cast<double>(progress.population))));
    w.endObject();
  }
  w.endArray();

  // Coverage of the grid unit asked for, one level down.
  std::vector<std::string> behind;
  const auto cov = ctx.store.coverage(c.id, grid);
  w.key("coverage").beginObject().member("path", grid);
  if (cov) {
    w.member("level", cov->first.level).member("population", cov->first.population).member("sampled", cov->first.sampled);
    w.key("children").beginArray();
    for (const auto& row : cov->second) {
      const double share = row.population > 0 ? static_cast<double>(row.sampled) / static_cast<double>(row.population) : 0.0;
      // Behind plan: more than 10 points below where the plan expects the campaign to be now.
      const bool isBehind = row.population > 0 && share + 0.10 < expectedNow;
      if (isBehind) behind.push_back(row.path);
      w.beginObject()
          .member("path", row.path)
          .member("name", row.name)
          .member("population", row.population)
          .member("sampled", row.sampled)
          .member("coverage", share)
          .member("behind_plan", isBehind)
          .endObject();
    }
    w.endArray();
  } else {
    w.key("children").beginArray().endArray();
  }
  w.endObject();

  const auto pipe = ctx.store.pipeline(c.id, req.now, ctx.config.maxTransitMinutes, kMaxWaitMinutes);
  w.key("pipeline")
      .beginObject()
      .member("registered_tubes", pipe.registeredTubes)
      .member("closed_tubes", pipe.closedTubes)
      .member("in_transit_boxes", pipe.inTransitBoxes)
      .member("in_transit_tubes", pipe.boxedTubes)
      .member("received_tubes", pipe.receivedTubes)
      .member("tested_tubes", pipe.testedTubes)
      .member("released_tubes", pipe.releasedTubes)
      .endObject();
  w.key("lab").beginObject().member("backlog_tubes", pipe.receivedTubes + pipe.testedTubes);
  if (pipe.medianTurnaroundMinutes) w.member("median_turnaround_minutes", *pipe.medianTurnaroundMinutes);
  else w.key("median_turnaround_minutes").null();
  w.endObject();

  struct Alert {
    const char* severity;
    std::string kind, message;
  };
  std::vector<Alert> alerts;
  w.key("positives").beginArray();
  for (const auto& p : ctx.store.positives(c.id)) {
    const char* state = p.deliveredAt ? "delivered" : (p.deadline && req.now > p.deadline ? "overdue" : "pending");
    w.beginObject()
        .member("tube", p.tube)
        .member("kind", p.pooled ? "pooled" : "individual")
        .member("result", p.result)
        .member("people", p.people)
        .member("released_at", formatRfc3339(p.releasedAt, offset));
    if (p.deadline) w.member("deadline", formatRfc3339(p.deadline, offset)).member("seconds_left", (p.deadline - req.now) / 1000);
    else w.key("deadline").null().key("seconds_left").null();
    w.member("report_state", state).endObject();
    if (!p.deliveredAt && p.deadline) {
      if (req.now > p.deadline)
        alerts.push_back({"critical", "report_overdue", "the report of tube " + p.tube + " is overdue: escalate"});
      else if (p.deadline - req.now <= kReportWarning)
        alerts.push_back({"warning", "report_due_soon",
                          "the report of tube " + p.tube + " is due in " + std::to_string((p.deadline - req.now) / 60000) + " min"});
    }
  }
  w.endArray();
  const auto projected = projectedCompletion(progress, req.now);
  if (projected && *projected > c.deadline())
    alerts.push_back({"critical", "deadline_at_risk", "at the current rate sampling completes " +
                                                          std::to_string((*projected - c.deadline()) / 3600000) +
                                                          " h after the deadline: add tables"});
  for (std::size_t i = 0; i < behind.size() && i < 10; ++i)
    alerts.push_back({"warning", "grid_behind_plan", behind[i] + " is behind plan"});
  if (pipe.boxesOverdue)
    alerts.push_back({"warning", "box_transit_long", std::to_string(pipe.boxesOverdue) + " box(es) in transit longer than " +
                                                         std::to_string(ctx.config.maxTransitMinutes) + " min"});
  if (pipe.tubesWaitingLong)
    alerts.push_back({"warning", "tubes_waiting", std::to_string(pipe.tubesWaitingLong) + " tube(s) received but untested for over " +
                                                      std::to_string(kMaxWaitMinutes / 60) + " h"});
  w.key("alerts").beginArray();
  for (const auto& a : alerts)
    w.beginObject().member("severity", a.severity).member("kind", a.kind).member("message", a.message)
        .member("at", formatRfc3339(req.now, offset)).endObject();
  w.endArray().endObject();
  return ApiResponse::json(200, w.take());
}

ApiResponse notSampledCsv(ServerContext& ctx, ApiRequest& req) {
  const CampaignRecord c = campaignParam(ctx, req.params.at(0));
  const std::string grid = gridParam(req, c);
  // Names and phones are whole: community workers knock on these doors. ID numbers stay masked.
  std::string out = "grid_unit,name,phone,id_type,id_number\n";
  ctx.store.notSampled(c.id, grid, [&](const NotSampledRow& r) {
    out += csvField(r.gridUnit) + "," + csvField(r.name) + "," + csvField(r.phone) + "," + r.idType + "," +
           domain::maskIdNumber(r.idNumber) + "\n";
  });
  return {200, "text/csv; charset=utf-8", out, {{"Content-Disposition", "attachment; filename=\"not-sampled.csv\""}}};
}

std::string readScenario(ApiRequest& req) {
  std::string body;
  char buf[65536];
  while (req.stream->read(buf, sizeof buf) || req.stream->gcount() > 0) {
    body.append(buf, static_cast<std::size_t>(req.stream->gcount()));
    if (static_cast<std::int64_t>(body.size()) > kMaxScenarioBytes) throw ApiError(413, "too_large", "the scenario is larger than 64 MiB");
  }
  return body;
}

planner::Plan planOf(const std::string& scenarioJson) {
  const auto read = planner::ScenarioReader::read(scenarioJson);
  if (!read) throw ApiError::invalid(read.error.field, read.error.message);
  try {
    return planner::plan(*read.scenario);
  } catch (const std::invalid_argument& e) {
    // Scenarios beyond the model's reach; the message starts with the field at fault.
    const std::string message = e.what();
    throw ApiError::invalid(message.substr(0, message.find(':')), message);
  }
}

ApiResponse planScenario(ServerContext&, ApiRequest& req) {
  return ApiResponse::json(200, planner::PlanJson::write(planOf(readScenario(req))));
}

ApiResponse attachPlan(ServerContext& ctx, ApiRequest& req) {
  const CampaignRecord c = campaignParam(ctx, req.params.at(0));
  const auto plan = planOf(readScenario(req));
  CampaignPlan stored;
  stored.startAt = static_cast<Millis>(plan.scenario.startUnixSeconds * 1000.0);
  for (const auto& h : plan.hours) stored.hourlyPeople.push_back(h.samplingPeople);
  stored.planJson = planner::PlanJson::write(plan);
  ctx.store.savePlan(c.id, stored, req.actor());
  return ApiResponse::json(200, stored.planJson);
}

}  // namespace

void addTrackingRoutes(Router& router, ServerContext& ctx) {
  router.add("GET", "/api/v1/campaigns/{id}/dashboard", kCoordinators, [&ctx](ApiRequest& r) { return dashboard(ctx, r); });
  router.add("GET", "/api/v1/campaigns/{id}/not-sampled.csv", kCoordinators, [&ctx](ApiRequest& r) { return notSampledCsv(ctx, r); });
  router.add("POST", "/api/v1/plan", kCoordinators, [&ctx](ApiRequest& r) { return planScenario(ctx, r); }, true);
  router.add("POST", "/api/v1/campaigns/{id}/plan", kCoordinators, [&ctx](ApiRequest& r) { return attachPlan(ctx, r); }, true);
}

}  // namespace natlims::lims
