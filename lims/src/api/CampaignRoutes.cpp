// Campaigns (screening rounds) and their progress.
#include <algorithm>
#include <cmath>

#include "api/Params.h"
#include "api/Routes.h"
#include "http/JsonBody.h"
#include "natlims/domain/GridPath.h"
#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

void writeCampaign(JsonWriter& w, const CampaignRecord& c, int offset) {
  w.beginObject()
      .member("id", c.id)
      .member("name", c.name)
      .member("area", c.area)
      .member("starts_at", formatRfc3339(c.startsAt, offset))
      .member("deadline_hours", c.deadlineHours)
      .member("deadline", formatRfc3339(c.deadline(), offset))
      .member("pool_size", c.poolSize)
      .member("report_sla_minutes", c.reportSlaMinutes)
      .endObject();
}

CampaignRecord campaignParam(ServerContext& ctx, const std::string& param) {
  auto c = ctx.store.findCampaign(idParam(param, "unknown_campaign", "campaign"));
  if (!c) throw ApiError::notFound("unknown_campaign", "no campaign with this id");
  return *c;
}

void writeProgress(JsonWriter& w, const CampaignRecord& c, const CampaignProgress& p, Millis now, int offset) {
  w.beginObject().member("campaign_id", c.id).member("population", p.population).member("sampled", p.sampled);
  w.member("coverage", p.population > 0 ? std::min(1.0, static_cast<double>(p.sampled) / static_cast<double>(p.population)) : 0.0);
  w.member("registrations", p.registrations);
  w.key("tubes").beginObject().member("open", p.tubesOpen).member("closed", p.tubesClosed).endObject();
  w.member("resulted", p.resulted);
  w.key("positives").beginObject().member("pooled", p.positivePools).member("individual", p.positiveIndividuals).endObject();
  w.member("deadline", formatRfc3339(c.deadline(), offset));
  const auto projected = projectedCompletion(p, now);
  if (projected) w.member("projected_completion", formatRfc3339(*projected, offset));
  else w.key("projected_completion").null();
  w.member("on_track", projected ? *projected <= c.deadline() : now <= c.deadline());
  w.endObject();
}

std::optional<Millis> projectedCompletion(const CampaignProgress& p, Millis now) {
  // From the actual sampling rate since the first sample.
  const std::int64_t remaining = std::max<std::int64_t>(0, p.population - p.sampled);
  if (remaining == 0 && p.population > 0) return p.lastSampleAt;
  if (p.sampled > 0 && now > p.firstSampleAt) {
    const double perMs = static_cast<double>(p.sampled) / static_cast<double>(now - p.firstSampleAt);
    return now + static_cast<Millis>(std::ceil(static_cast<double>(remaining) / perMs));
  }
  return std::nullopt;
}

namespace {

ApiResponse create(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  CampaignRecord c;
  c.name = std::string(domain::trimBlanks(body.requireString("name", 400)));
  if (const auto why = domain::checkPersonName(c.name, 100); !why.empty()) throw ApiError::invalid("name", "name " + why);
  const auto area = domain::validateGridPath(body.requireString("area", 400));
  if (!area.ok) throw ApiError::invalid("area", "area " + area.error);
  c.area = area.normalized;
  const auto starts = parseRfc3339(body.requireString("starts_at", 64));
  if (!starts) throw ApiError::invalid("starts_at", "starts_at must be an RFC 3339 time with an offset, e.g. 2026-12-01T06:00:00+08:00");
  c.startsAt = *starts;
  c.deadlineHours = static_cast<int>(body.optionalInt("deadline_hours", 1, 24 * 30).value_or(48));
  c.poolSize = static_cast<int>(body.optionalInt("pool_size", 1, 20).value_or(10));
  c.reportSlaMinutes = static_cast<int>(body.optionalInt("report_sla_minutes", 1, 7 * 24 * 60).value_or(120));
  c = ctx.store.createCampaign(c, req.actor());
  JsonWriter w;
  writeCampaign(w, c, ctx.config.utcOffsetMinutes);
  return ApiResponse::json(201, w.take());
}

ApiResponse list(ServerContext& ctx, ApiRequest&) {
  JsonWriter w;
  w.beginObject().key("campaigns").beginArray();
  for (const auto& c : ctx.store.campaigns()) writeCampaign(w, c, ctx.config.utcOffsetMinutes);
  w.endArray().endObject();
  return ApiResponse::json(200, w.take());
}

ApiResponse progress(ServerContext& ctx, ApiRequest& req) {
  const CampaignRecord c = campaignParam(ctx, req.params.at(0));
  JsonWriter w;
  writeProgress(w, c, ctx.store.progress(c), req.now, ctx.config.utcOffsetMinutes);
  return ApiResponse::json(200, w.take());
}

}  // namespace

void addCampaignRoutes(Router& router, ServerContext& ctx) {
  router.add("POST", "/api/v1/campaigns", kCoordinators, [&ctx](ApiRequest& r) { return create(ctx, r); });
  router.add("GET", "/api/v1/campaigns", kAnyRole, [&ctx](ApiRequest& r) { return list(ctx, r); });
  router.add("GET", "/api/v1/campaigns/{id}/progress", kAnyRole, [&ctx](ApiRequest& r) { return progress(ctx, r); });
}

}  // namespace natlims::lims
