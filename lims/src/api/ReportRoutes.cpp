// The daily report (日报告, zero-positive days included) and corrections of released results.
#include <chrono>

#include "api/Params.h"
#include "api/Routes.h"
#include "http/JsonBody.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"
#include "natlims/reporting/DailyReportCsv.h"
#include "natlims/reporting/DailyReportPdf.h"
#include "outbox/OutboxWorker.h"

namespace natlims::lims {

namespace {

ApiResponse daily(ServerContext& ctx, ApiRequest& req) {
  const int offset = ctx.config.utcOffsetMinutes;
  auto date = localDate(req.now, offset);
  if (auto q = req.query("date")) {
    const auto d = parseLocalDate(*q);
    if (!d) throw ApiError::invalid("date", "date must be YYYY-MM-DD");
    date = *d;
  }
  const std::string format = req.query("format").value_or("csv");
  if (format != "csv" && format != "pdf" && format != "positives.csv" && format != "json")
    throw ApiError::invalid("format", "format must be csv, positives.csv, pdf or json");
  const Millis from = std::chrono::sys_days(date).time_since_epoch().count() * 86'400'000LL - offset * 60'000LL;
  const auto figures = ctx.store.dailyFigures(from, from + 86'400'000LL);
  reporting::DailyReportData d;
  d.date = date;
  d.title = "natlims";
  for (const auto& c : ctx.store.campaigns())
    if (c.startsAt < from + 86'400'000LL && c.deadline() >= from) d.campaigns.push_back(c.name);
  d.utcOffsetMinutes = offset;
  d.generatedAt = req.now;
  d.counts = {figures.sampledPeople, figures.tubes, figures.tested, figures.negative, figures.positivePools,
              figures.positiveIndividuals, figures.retests, figures.invalid, figures.reportsWithinSla, figures.reportsLate,
              figures.reportsPending};
  for (const auto& p : figures.positives) {
    reporting::DailyPositive dp;
    dp.tube = p.tube;
    dp.pooledSize = p.poolSize;
    dp.kind = p.poolSize > 1 ? reporting::ReportKind::Pooled
              : p.idType == kSampleIdType ? reporting::ReportKind::Environment : reporting::ReportKind::Individual;
    if (dp.kind == reporting::ReportKind::Individual && !p.idNumber.empty()) {
      dp.idType = static_cast<domain::IdType>(p.idType);
      dp.idNumber = p.idNumber;
      dp.name = p.name;
    }
    if (dp.kind == reporting::ReportKind::Environment) dp.description = p.name;
    dp.call = p.result == "retest" ? reporting::ResultCall::Retest : reporting::ResultCall::Positive;
    dp.releasedAt = p.releasedAt;
    dp.reportedAt = p.reportedAt;
    d.positives.push_back(std::move(dp));
  }
  const std::string day = req.query("date").value_or("today");
  if (format == "pdf")
    return {200, "application/pdf", reporting::dailyReportPdf(d), {{"Content-Disposition", "attachment; filename=\"daily-" + day + ".pdf\""}}};
  if (format == "positives.csv") return {200, "text/csv; charset=utf-8", reporting::dailyPositivesCsv(d), {}};
  return {200, "text/csv; charset=utf-8", reporting::dailySummaryCsv(d), {}};
}

ApiResponse correct(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  Correction c;
  c.tube = codeParam(req.params.at(0), domain::CodeKind::Tube, "tube");
  c.result = body.requireString("result", 16);
  if (c.result != "negative" && c.result != "positive" && c.result != "retest" && c.result != "invalid")
    throw ApiError::invalid("result", "result must be negative, positive, retest or invalid");
  c.reason = std::string(domain::trimBlanks(body.optionalString("reason", 400).value_or("")));
  if (c.reason.empty()) throw ApiError::invalid("reason", "a correction needs a reason");
  const int version = ctx.store.correctResult(c, req.actor());
  if (ctx.outbox) ctx.outbox->poke();
  JsonWriter w;
  w.beginObject().member("tube", c.tube).member("result", c.result).member("version", version).endObject();
  return ApiResponse::json(200, w.take());
}

}  // namespace

void addReportRoutes(Router& router, ServerContext& ctx) {
  router.add("GET", "/api/v1/reports/daily", kCoordinators, [&ctx](ApiRequest& r) { return daily(ctx, r); });
  router.add("POST", "/api/v1/results/{tube}/correct", roleBit(Role::LabReviewer) | roleBit(Role::Admin),
             [&ctx](ApiRequest& r) { return correct(ctx, r); });
}

}  // namespace natlims::lims
