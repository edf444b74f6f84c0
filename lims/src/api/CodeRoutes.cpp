// Tube and box code allocation: the server is the only place codes come from.
#include "api/Routes.h"
#include "http/JsonBody.h"

namespace natlims::lims {

namespace {

constexpr std::int64_t kMaxCodesPerCall = 10000;

ApiResponse allocate(ServerContext& ctx, ApiRequest& req, domain::CodeKind kind) {
  const auto body = JsonBody::parse(req.body);
  const auto count = static_cast<int>(body.requireInt("count", 1, kMaxCodesPerCall));
  const auto codes = ctx.store.allocateCodes(kind, count, req.actor());
  JsonWriter w;
  w.beginObject().key("codes").beginArray();
  for (const auto& c : codes) w.value(c);
  w.endArray().endObject();
  return ApiResponse::json(201, w.take());
}

}  // namespace

void addCodeRoutes(Router& router, ServerContext& ctx) {
  constexpr RoleMask kAllocators =
      roleBit(Role::Sampler) | roleBit(Role::Coordinator) | roleBit(Role::LabTech) | roleBit(Role::Admin);
  router.add("POST", "/api/v1/tube-codes", kAllocators,
             [&ctx](ApiRequest& r) { return allocate(ctx, r, domain::CodeKind::Tube); });
  router.add("POST", "/api/v1/box-codes", kAllocators,
             [&ctx](ApiRequest& r) { return allocate(ctx, r, domain::CodeKind::Box); });
}

}  // namespace natlims::lims
