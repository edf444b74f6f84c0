// Transport boxes at the sampling site: seal with closed tubes, hand over to a courier.
#include "api/Params.h"
#include "api/Routes.h"
#include "http/JsonBody.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

namespace {

constexpr std::size_t kMaxTubesPerBox = 2000;

ApiResponse boxJson(int status, const BoxView& box, int offset) {
  JsonWriter w;
  w.beginObject().member("code", box.code).member("state", box.state).member("tube_count", static_cast<std::int64_t>(box.tubes.size()));
  w.key("tubes").beginArray();
  for (const auto& t : box.tubes) w.value(t);
  w.endArray();
  if (box.sealedAt) w.member("sealed_at", formatRfc3339(box.sealedAt, offset));
  if (!box.courier.empty()) w.member("courier", box.courier).member("handed_over_at", formatRfc3339(box.handedOverAt, offset));
  w.endObject();
  return ApiResponse::json(status, w.take());
}

ApiResponse seal(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  const std::string code = codeParam(body.requireString("code", 64), domain::CodeKind::Box, "code");
  std::vector<std::string> tubes;
  for (const auto& t : body.requireStringArray("tubes", kMaxTubesPerBox)) tubes.push_back(codeParam(t, domain::CodeKind::Tube, "tubes"));
  if (tubes.empty()) throw ApiError::invalid("tubes", "a box is sealed with at least one tube");
  return boxJson(201, ctx.store.sealBox(code, tubes, req.actor()), ctx.config.utcOffsetMinutes);
}

ApiResponse handOver(ServerContext& ctx, ApiRequest& req) {
  const std::string code = codeParam(req.params.at(0), domain::CodeKind::Box, "code");
  const auto body = JsonBody::parse(req.body);
  const std::string courier = codeParam(body.requireString("courier", 64), domain::CodeKind::Courier, "courier");
  Millis at = req.now;
  if (auto text = body.optionalString("handed_over_at", 64)) {
    const auto t = parseRfc3339(*text);
    if (!t) throw ApiError::invalid("handed_over_at", "handed_over_at must be an RFC 3339 time with an offset");
    if (*t > req.now + 5 * 60 * 1000) throw ApiError::invalid("handed_over_at", "handed_over_at is in the future");
    at = *t;
  }
  return boxJson(200, ctx.store.handOverBox(code, courier, at, req.actor()), ctx.config.utcOffsetMinutes);
}

}  // namespace

void addBoxRoutes(Router& router, ServerContext& ctx) {
  // Box codes and tube codes carry no personal data: every role may read a box back.
  router.add("GET", "/api/v1/boxes/{code}", kAnyRole, [&ctx](ApiRequest& r) {
    return boxJson(200, ctx.store.findBox(codeParam(r.params.at(0), domain::CodeKind::Box, "code")), ctx.config.utcOffsetMinutes);
  });
  router.add("POST", "/api/v1/boxes", kFieldStaff, [&ctx](ApiRequest& r) { return seal(ctx, r); });
  router.add("POST", "/api/v1/boxes/{code}/handover", kFieldStaff, [&ctx](ApiRequest& r) { return handOver(ctx, r); });
}

}  // namespace natlims::lims
