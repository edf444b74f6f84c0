#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ProcessSupport.h"
#include "natlims/station/ApiClient.h"

namespace natlims::station::test {

inline Poco::JSON::Object::Ptr parseJson(const std::string& text) {
  Poco::JSON::Parser p;
  return p.parse(text).extract<Poco::JSON::Object::Ptr>();
}

/// A real lims-server on loopback with its own data folder; stop() and start() keep the port, so a
/// station keeps talking to the same URL across restarts. Accounts: admin, a sampler and a
/// coordinator; one campaign of 10-in-1.
class LimsServer {
 public:
  static constexpr const char* kAdminPassword = "admin-password-1";
  static constexpr const char* kSampler = "sampler1";
  static constexpr const char* kSamplerPassword = "sampler-pass-1";
  static constexpr const char* kSampler2 = "sampler2";

  explicit LimsServer(const TempDir& dir) : _dir(dir) {
    start();
    setUp();
  }
  ~LimsServer() { stop(SIGKILL); }

  void start() {
    const std::string port = _port ? std::to_string(_port) : "0";
    _process = std::make_unique<ChildProcess>(
        std::vector<std::string>{binary("lims-server"), "--data", _dir.file("server-data"), "--port", port},
        std::map<std::string, std::string>{{"LIMS_ADMIN_PASSWORD", kAdminPassword}},
        _dir.file("server-" + std::to_string(++_starts) + ".out"));
    if (!_process->waitForOutput("listening on http://", std::chrono::seconds(20)))
      throw std::runtime_error("lims-server did not start: " + _process->errors());
    const std::string out = _process->output();
    const auto at = out.find("listening on http://");
    const auto colon = out.find(':', at + 20);
    _port = std::stoi(out.substr(colon + 1));
  }

  /// Stops it (SIGTERM: graceful; SIGKILL: a crash).
  void stop(int sig = SIGTERM) {
    if (!_process) return;
    _process->signal(sig);
    _process->wait(std::chrono::seconds(20));
    _process.reset();
  }
  bool running() const { return _process != nullptr; }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(_port); }
  std::int64_t campaign() const { return _campaign; }

  /// A call as admin (or as `user`); the answer as it came.
  HttpAnswer call(const std::string& method, const std::string& path, const std::string& body = {},
                  const std::string& user = "admin") {
    ApiClient client(url(), std::chrono::seconds(10));
    return client.send(method, path, body, token(client, user));
  }

  /// Fresh tube codes, allocated by the server.
  std::vector<std::string> tubeCodes(int n) { return codes("/api/v1/tube-codes", n); }
  std::vector<std::string> boxCodes(int n) { return codes("/api/v1/box-codes", n); }

  /// The campaign's progress: registrations that stand and distinct people sampled.
  std::pair<std::int64_t, std::int64_t> registrationsAndSampled() {
    const auto a = call("GET", "/api/v1/campaigns/" + std::to_string(_campaign) + "/progress");
    auto obj = parseJson(a.body);
    return {obj->optValue<std::int64_t>("registrations", -1), obj->optValue<std::int64_t>("sampled", -1)};
  }

  /// Requests this server process answered on `route` (its pattern, as /metrics labels it), with
  /// `status` (0: any), counted from GET /metrics since the process started.
  std::int64_t requests(const std::string& route, int status = 0) {
    ApiClient client(url(), std::chrono::seconds(10));
    const auto a = client.send("GET", "/metrics");
    if (a.status != 200) throw std::runtime_error("/metrics: " + a.body);
    const std::string prefix = "natlims_http_requests_total{route=\"" + route + "\",status=\"";
    std::int64_t n = 0;
    std::istringstream lines(a.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(prefix, 0) != 0) continue;
      const auto quote = line.find('"', prefix.size());
      if (status == 0 || line.substr(prefix.size(), quote - prefix.size()) == std::to_string(status))
        n += std::stoll(line.substr(line.rfind(' ') + 1));
    }
    return n;
  }

  /// A session token of `user` (admin by default) for calls made with `client`.
  std::string token(ApiClient& client, const std::string& user = "admin") {
    const auto a = client.send("POST", "/api/v1/session",
                               "{\"username\":\"" + user + "\",\"password\":\"" + password(user) + "\"}");
    if (a.status != 201) throw std::runtime_error("login " + user + ": " + a.body);
    return parseJson(a.body)->getValue<std::string>("token");
  }

  /// The server's view of a tube, through the idempotent close: {count, state} or the error code.
  std::string closeTube(const std::string& code, int* count = nullptr) {
    const auto a = call("POST", "/api/v1/tubes/" + code + "/close", "{}", kSampler);
    auto obj = parseJson(a.body);
    if (a.status != 200) return parseApiError(a).code;
    if (count) *count = obj->optValue<int>("count", -1);
    return obj->optValue<std::string>("state", "");
  }

 private:
  std::string password(const std::string& user) const {
    return user == "admin" ? kAdminPassword : kSamplerPassword;
  }
  std::vector<std::string> codes(const std::string& path, int n) {
    const auto a = call("POST", path, "{\"count\":" + std::to_string(n) + "}", kSampler);
    if (a.status != 201) throw std::runtime_error(path + ": " + a.body);
    std::vector<std::string> out;
    auto arr = parseJson(a.body)->getArray("codes");
    for (unsigned i = 0; i < arr->size(); ++i) out.push_back(arr->getElement<std::string>(i));
    return out;
  }
  void setUp() {
    for (const char* user : {kSampler, kSampler2}) {
      const auto a = call("POST", "/api/v1/users",
                          std::string("{\"username\":\"") + user + "\",\"password\":\"" + kSamplerPassword +
                              "\",\"role\":\"sampler\"}");
      if (a.status != 201) throw std::runtime_error("create user: " + a.body);
    }
    const auto c = call("POST", "/api/v1/campaigns",
                        "{\"name\":\"Round 1\",\"area\":\"D1\",\"starts_at\":\"2026-01-01T00:00:00+08:00\","
                        "\"deadline_hours\":48,\"pool_size\":10,\"report_sla_minutes\":120}");
    if (c.status != 201) throw std::runtime_error("create campaign: " + c.body);
    _campaign = parseJson(c.body)->getValue<std::int64_t>("id");
  }

  const TempDir& _dir;
  std::unique_ptr<ChildProcess> _process;
  int _port = 0;
  int _starts = 0;
  std::int64_t _campaign = 0;
};

}  // namespace natlims::station::test
