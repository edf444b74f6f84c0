#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "natlims/links/StoreOutcome.h"

namespace natlims::gateway {

/// How the gateway reaches the server.
struct ServerConfig {
  std::string url;       // "http://host:8080" or "https://…" (a path prefix is kept)
  std::string user;
  std::string password;  // from LIMS_PASSWORD or the terminal, never from the command line
  /// Connect / send / receive timeout of one request. Default: 10 s, below the 15 s an ASTM
  /// instrument waits for the ACK that the gateway holds until the server answered.
  std::chrono::milliseconds timeout{10000};
};

/// The outcome of logging in.
struct LoginResult {
  enum class Kind { Ok, Refused, Unreachable };
  Kind kind = Kind::Unreachable;
  std::string message;  // why, when not Ok
};

/// The gateway's only way to the server: the HTTP API v1 (CONTRACT.md). Thread-safe: the link
/// threads and the watcher may call it at once; connections are kept alive and reused.
///
/// Every call but login carries `Authorization: Bearer TOKEN`; the token comes from
/// POST /api/v1/session and is renewed once when a call answers 401.
class LimsClient {
 public:
  explicit LimsClient(ServerConfig config);
  ~LimsClient();
  LimsClient(const LimsClient&) = delete;
  LimsClient& operator=(const LimsClient&) = delete;

  /// POST /api/v1/session {"username","password"} -> 201 {"token"}.
  LoginResult login();

  /// POST /api/v1/runs with a natlims-results-v1 document (application/json).
  links::StoreOutcome uploadRun(const std::string& json);
  /// POST /api/v1/runs[?plate=ID] with an instrument's file as it is (application/octet-stream).
  links::StoreOutcome uploadFile(const std::string& bytes, const std::string& plate = {});

  /// What an HTTP answer means for an upload (docs/links.md "Server answers"): 2xx Stored (run id
  /// from {"id"}), 401/403/408/429/5xx Unavailable (the file or message is kept and sent again),
  /// other 4xx Refused with the server's error code, message and field.
  static links::StoreOutcome classify(int status, const std::string& body);

  const ServerConfig& config() const { return _config; }

 private:
  class Impl;
  links::StoreOutcome post(const std::string& path, const std::string& body, const std::string& contentType);

  ServerConfig _config;
  std::unique_ptr<Impl> _impl;
};

}  // namespace natlims::gateway
