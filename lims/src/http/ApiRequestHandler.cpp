#include "http/ApiRequestHandler.h"

#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>
#include <limits>
#include <sstream>

#include "auth/Passwords.h"
#include "http/JsonWriter.h"
#include "natlims/lims/ApiError.h"
#include "store/Sqlite.h"

namespace natlims::lims {

std::string errorJson(const std::string& code, const std::string& message, const std::string& field) {
  JsonWriter w;
  w.beginObject().key("error").beginObject().member("code", code).member("message", message);
  if (!field.empty()) w.member("field", field);
  w.endObject().endObject();
  return w.take();
}

Actor ApiRequest::actor() const {
  Actor a;
  if (principal) {
    a.userId = principal->userId;
    a.username = principal->username;
    a.role = principal->role;
  }
  a.client = client;
  a.at = now;
  return a;
}

std::string ApiRequest::header(const std::string& name) const { return http.get(name, ""); }

std::optional<std::string> ApiRequest::query(const std::string& name) const {
  const Poco::URI uri(http.getURI());
  for (const auto& [k, v] : uri.getQueryParameters())
    if (k == name) return v;
  return std::nullopt;
}

namespace {

// Reads at most `limit` bytes of body; throws 413 beyond it. A declared Content-Length over the
// limit is refused before reading anything.
std::string readBody(Poco::Net::HTTPServerRequest& request, std::int64_t limit) {
  if (request.hasContentLength() && request.getContentLength64() > limit)
    throw ApiError(413, "too_large", "the request body is larger than " + std::to_string(limit) + " bytes");
  std::string body;
  // Without a length or chunking an HTTP/1.1 request has no body; reading would wait for the
  // client to close the connection.
  if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) return body;
  auto& in = request.stream();
  char buf[8192];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (static_cast<std::int64_t>(body.size()) > limit)
      throw ApiError(413, "too_large", "the request body is larger than " + std::to_string(limit) + " bytes");
  }
  return body;
}

}  // namespace

ApiResponse ApiRequestHandler::dispatch(Poco::Net::HTTPServerRequest& request, std::string& routeLabel,
                                        std::string& user, bool& bodyConsumed) {
  const std::string uri = request.getURI();
  const std::string path = uri.substr(0, uri.find('?'));
  std::vector<std::string> params;
  bool pathKnown = false;
  const Route* route = _router.match(request.getMethod(), path, params, pathKnown);
  if (!route) {
    routeLabel = pathKnown ? "method_not_allowed" : "not_found";
    if (pathKnown) throw ApiError(405, "method_not_allowed", "this path does not accept " + request.getMethod());
    throw ApiError::notFound("not_found", "no such path");
  }
  routeLabel = route->pattern;
  ApiRequest req{request, request.getMethod(), path, std::move(params)};
  req.client = request.clientAddress().host().toString();
  req.now = nowMillis();
  if (route->roles != kNoAuth) {
    const std::string auth = request.get("Authorization", "");
    if (auth.rfind("Bearer ", 0) != 0)
      throw ApiError(401, "unauthorized", "this call needs Authorization: Bearer TOKEN (POST /api/v1/session)");
    req.principal = _context.sessions.find(sha256(auth.substr(7)), req.now);
    if (!req.principal) throw ApiError(401, "unauthorized", "the token is unknown or expired: log in again");
    user = req.principal->username;
    if ((route->roles & roleBit(req.principal->role)) == 0)
      throw ApiError(403, "forbidden", std::string("the role ") + roleName(req.principal->role) + " may not do this");
  }
  std::istringstream noBody;
  const bool hasBody = request.hasContentLength() || request.getChunkedTransferEncoding();
  if (route->streamBody) {
    req.stream = hasBody ? &request.stream() : &noBody;
  } else {
    req.body = readBody(request, _context.config.maxBodyBytes);
    bodyConsumed = true;
  }
  auto out = route->handler(req);
  if (route->streamBody) bodyConsumed = !hasBody || request.stream().peek() == std::char_traits<char>::eof();
  return out;
}

void ApiRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
  const auto started = std::chrono::steady_clock::now();
  std::string routeLabel = "unknown";
  std::string user = "-";
  ApiResponse out;
  bool bodyConsumed = false;
  try {
    out = dispatch(request, routeLabel, user, bodyConsumed);
  } catch (const ApiError& e) {
    out = ApiResponse::json(e.status(), errorJson(e.code(), e.what(), e.field()));
    if (e.status() == 429) out.headers.emplace_back("Retry-After", "60");
  } catch (const Poco::Net::NetException& e) {
    // The client went away or sent a broken request; there is nobody to answer properly.
    out = ApiResponse::json(400, errorJson("bad_request", "the request could not be read", ""));
  } catch (const std::exception& e) {
    // Internals go to the server log, never to the client.
    _context.log.error("%s %s failed: %s", request.getMethod(), routeLabel, std::string(e.what()));
    const bool storeDown = dynamic_cast<const sqlite::Error*>(&e) != nullptr;
    out = ApiResponse::json(storeDown ? 503 : 500,
                            errorJson(storeDown ? "store_unavailable" : "internal_error",
                                      storeDown ? "the store could not complete the request; nothing was stored"
                                                : "the server could not complete the request",
                                      ""));
  }
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(out.status));
  // A refused request may leave its body unread on the connection; the next request on it could
  // not be parsed, so such a connection closes after this answer.
  const bool bodyless = !request.hasContentLength() ? !request.getChunkedTransferEncoding()
                                                     : request.getContentLength64() == 0;
  if (!bodyConsumed && !bodyless) {
    response.setKeepAlive(false);
    // Read what the client is still sending (up to a bound) so that it can read this answer
    // instead of meeting a reset connection.
    constexpr std::int64_t kDrainLimit = 64LL << 20;
    if (request.hasContentLength() && request.getContentLength64() <= kDrainLimit) {
      try {
        request.stream().ignore(std::numeric_limits<std::streamsize>::max());
      } catch (...) {
      }
    }
  }
  response.setContentType(out.contentType);
  for (const auto& [k, v] : out.headers) response.set(k, v);
  response.setContentLength64(static_cast<Poco::Int64>(out.body.size()));
  try {
    response.send().write(out.body.data(), static_cast<std::streamsize>(out.body.size()));
  } catch (...) {
    // The client disconnected; the work (if any) is done and durable either way.
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  _context.metrics.recordRequest(routeLabel, out.status, seconds);
  if (_context.accessLog) {
    // The path carries tube codes and ids, never identity numbers (those travel only in bodies).
    const std::string uri = request.getURI();
    const auto path = std::string_view(uri).substr(0, uri.find('?'));
    char tail[64];
    std::snprintf(tail, sizeof tail, " %d %zu %.2fms", out.status, out.body.size(), seconds * 1000.0);
    std::string line = request.clientAddress().host().toString();
    line.append(" ").append(user).append(" ").append(request.getMethod()).append(" ").append(path).append(tail);
    _context.accessLog->write(line);
  }
}

}  // namespace natlims::lims
