#pragma once

#include <Poco/Net/HTTPServerRequest.h>

#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/SessionTable.h"
#include "natlims/lims/Records.h"

namespace natlims::lims {

/// One API call as a handler sees it: already routed, authenticated and authorized.
struct ApiRequest {
  const Poco::Net::HTTPServerRequest& http;
  std::string method;
  std::string path;
  std::vector<std::string> params;  // the {placeholders} of the route, in order
  std::string body;                 // the body, unless the route streams it
  std::istream* stream = nullptr;   // the body stream, for routes that stream
  std::optional<Principal> principal;
  std::string client;  // remote address (no port)
  Millis now = 0;

  /// The acting user for the audit trail (requires a principal).
  Actor actor() const;
  /// A request header, or "" when absent.
  std::string header(const std::string& name) const;
  /// A query parameter, or nullopt when absent.
  std::optional<std::string> query(const std::string& name) const;
};

struct ApiResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static ApiResponse json(int status, std::string body) { return {status, "application/json", std::move(body), {}}; }
};

using Handler = std::function<ApiResponse(ApiRequest&)>;

/// Roles as a bit set, for route tables.
using RoleMask = unsigned;
constexpr RoleMask roleBit(Role r) { return 1u << static_cast<unsigned>(r); }
constexpr RoleMask kAnyRole = 0x1Fu;
constexpr RoleMask kNoAuth = 0;

}  // namespace natlims::lims
