#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace Poco::Net {
class HTTPClientSession;
}

namespace natlims::station {

/// An HTTP answer: status and body as received.
struct HttpAnswer {
  int status = 0;
  std::string body;
};

/// The server's error object {"error":{"code","message","field"}}.
struct ApiError {
  std::string code;
  std::string message;
  std::string field;
};

/// Parses the error object of an answer; falls back to "http_<status>" and the raw body text.
ApiError parseApiError(const HttpAnswer& answer);

/// The server could not be reached or the connection broke: the request may or may not have
/// arrived, so only a request carrying an Idempotency-Key (or an idempotent one) may be repeated.
class NetworkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One keep-alive HTTP/1.1 connection to the lims-server (http:// or https://), through Poco's
/// client (docs/station.md says why Poco rather than Boost.Asio). Not thread-safe: one per thread.
class ApiClient {
 public:
  /// `baseUrl` like "http://127.0.0.1:8080". Throws std::invalid_argument on a URL it cannot use.
  ApiClient(const std::string& baseUrl, std::chrono::milliseconds timeout);
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  /// Sends one request with a JSON body (empty for GET) and returns the answer. Throws
  /// NetworkError when no answer was received; the connection is then re-opened on the next call.
  HttpAnswer send(const std::string& method, const std::string& path, const std::string& body = {},
                  const std::string& token = {}, const std::string& idempotencyKey = {});

  /// Closes the connection (it is opened again by the next send()).
  void disconnect();

  const std::string& baseUrl() const { return _baseUrl; }

 private:
  void connect();

  std::string _baseUrl;
  std::string _scheme, _host;
  unsigned short _port = 0;
  std::chrono::milliseconds _timeout;
  std::unique_ptr<Poco::Net::HTTPClientSession> _session;
};

}  // namespace natlims::station
