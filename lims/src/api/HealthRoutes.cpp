#include "api/Routes.h"

namespace natlims::lims {

void addHealthRoutes(Router& router, ServerContext& context) {
  router.add("GET", "/healthz", kNoAuth, [](ApiRequest&) { return ApiResponse::json(200, R"({"status":"ok"})"); });
  router.add("GET", "/metrics", kNoAuth, [&context](ApiRequest&) {
    return ApiResponse{200, "text/plain; version=0.0.4", context.metrics.render(), {}};
  });
}

}  // namespace natlims::lims
