// Results to people: the lookup, and the recall list of positive pools for community workers.
#include "api/Csv.h"
#include "api/Routes.h"
#include "http/JsonBody.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/domain/Masking.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

namespace {

ApiResponse lookup(ServerContext& ctx, ApiRequest& req) {
  if (!ctx.lookupsByClient.allow(req.client, req.now))
    throw ApiError(429, "rate_limited", "too many lookups from this address: wait a minute");
  const auto body = JsonBody::parse(req.body);
  const auto type = domain::parseIdType(body.requireString("id_type", 64));
  if (!type) throw ApiError::invalid("id_type", "id_type is not a supported document type");
  const auto nationality = body.optionalString("nationality", 8).value_or("CHN");
  const auto id = domain::validateIdDocument(*type, body.requireString("id_number", 64), nationality);
  if (!id.ok) throw ApiError::invalid("id_number", "id_number " + id.error);
  const std::string name = body.requireString("name", 400);
  std::string nat = nationality;
  for (char& c : nat)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  const auto s = ctx.store.lookup(static_cast<int>(*type), id.normalized, nat, name);
  // Unknown person and wrong name get the same answer: the lookup reveals nothing then.
  if (!s) throw ApiError::notFound("not_found", "no result for this document and name");
  const int offset = ctx.config.utcOffsetMinutes;
  JsonWriter w;
  w.beginObject()
      .member("id_type", s->idType)
      .member("id_number", domain::maskIdNumber(s->idNumber))
      .member("name", domain::maskName(s->name))
      .member("status", s->status);
  if (s->sampledAt) w.member("sampled_at", formatRfc3339(s->sampledAt, offset));
  else w.key("sampled_at").null();
  if (s->resultedAt) w.member("resulted_at", formatRfc3339(s->resultedAt, offset));
  else w.key("resulted_at").null();
  if (s->campaignId) w.member("campaign_id", s->campaignId);
  w.endObject();
  return ApiResponse::json(200, w.take());
}


// Community workers must find these people, so names and phones are whole here (roles that
// may read the list only); identity numbers stay masked.
ApiResponse recall(ServerContext& ctx, ApiRequest& req, bool csv) {
  const auto entries = ctx.store.recallList(campaignParam(ctx, req.params.at(0)).id);
  const int offset = ctx.config.utcOffsetMinutes;
  if (csv) {
    std::string out = "pool_tube,pool_result,name,phone,id_type,id_number,grid_unit,station,sampled_at,released_at,resample_tube,resample_result\n";
    for (const auto& e : entries) {
      for (const auto& f : {e.poolTube, e.poolResult, e.name, e.phone, e.idType, domain::maskIdNumber(e.idNumber), e.gridUnit,
                            e.station, formatRfc3339(e.sampledAt, offset), formatRfc3339(e.releasedAt, offset),
                            e.resampleTube, e.resampleResult})
        out += csvField(f) + ",";
      out.back() = '\n';
    }
    return {200, "text/csv; charset=utf-8", out, {{"Content-Disposition", "attachment; filename=\"recall.csv\""}}};
  }
  JsonWriter w;
  w.beginObject().key("people").beginArray();
  for (const auto& e : entries) {
    w.beginObject()
        .member("pool_tube", e.poolTube)
        .member("pool_result", e.poolResult)
        .member("name", e.name)
        .member("phone", e.phone)
        .member("id_type", e.idType)
        .member("id_number", domain::maskIdNumber(e.idNumber))
        .member("grid_unit", e.gridUnit)
        .member("station", e.station)
        .member("sampled_at", formatRfc3339(e.sampledAt, offset))
        .member("released_at", formatRfc3339(e.releasedAt, offset))
        .member("state", e.resampleResult.empty() ? (e.resampleTube.empty() ? "to_resample" : "resampled") : "resolved");
    if (!e.resampleTube.empty()) w.member("resample_tube", e.resampleTube);
    if (!e.resampleResult.empty()) w.member("resample_result", e.resampleResult);
    w.endObject();
  }
  w.endArray().endObject();
  return ApiResponse::json(200, w.take());
}

}  // namespace

void addResultRoutes(Router& router, ServerContext& ctx) {
  router.add("POST", "/api/v1/results/lookup", kAnyRole, [&ctx](ApiRequest& r) { return lookup(ctx, r); });
  router.add("GET", "/api/v1/campaigns/{id}/recall", kCoordinators | kSamplers,
             [&ctx](ApiRequest& r) { return recall(ctx, r, false); });
  router.add("GET", "/api/v1/campaigns/{id}/recall.csv", kCoordinators | kSamplers,
             [&ctx](ApiRequest& r) { return recall(ctx, r, true); });
}

}  // namespace natlims::lims
