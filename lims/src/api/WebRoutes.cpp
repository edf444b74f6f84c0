// The web pages for people (the coordinators' dashboard), served from files embedded at build
// time: every asset comes from lims-server itself, nothing from a CDN (the network may be closed).
#include <string_view>
#include <vector>

#include "api/Routes.h"

#include "app/EmbeddedFile.h"

namespace natlims::lims {

namespace {

std::string contentTypeOf(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

ApiResponse page(std::string_view name) {
  for (const auto& f : natlimsEmbeddedWeb()) {
    if (f.name != name) continue;
    ApiResponse r{200, contentTypeOf(name), std::string(f.content), {}};
    // The page runs only its own script and talks only to this server.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
                           "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }
  return ApiResponse::json(404, R"({"error":{"code":"not_found","message":"no such page"}})");
}

}  // namespace

void addWebRoutes(Router& router, ServerContext&) {
  router.add("GET", "/", kNoAuth, [](ApiRequest&) { return page("index.html"); });
  for (const auto& f : natlimsEmbeddedWeb()) {
    const std::string name(f.name);
    router.add("GET", "/" + name, kNoAuth, [name](ApiRequest&) { return page(name); });
  }
}

}  // namespace natlims::lims
