#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <string>

namespace Poco::Net {
class HTTPClientSession;
}

namespace natlims::test {

struct HttpResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  /// The body parsed as a JSON object (throws when it is not one).
  Poco::JSON::Object::Ptr json() const;
  /// error.code of a contract error body, or "".
  std::string errorCode() const;
  std::string errorField() const;
};

/// A keep-alive HTTP/1.1 client for tests, talking to a real server.
class HttpClient {
 public:
  explicit HttpClient(const std::string& baseUrl);
  ~HttpClient();

  void setToken(std::string token) { _token = std::move(token); }
  const std::string& token() const { return _token; }
  HttpResponse get(const std::string& path);
  HttpResponse post(const std::string& path, const std::string& body, const std::string& contentType = "application/json",
                    const std::map<std::string, std::string>& headers = {});
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body,
                       const std::string& contentType, const std::map<std::string, std::string>& headers);

  /// Logs in and keeps the token; returns the login response.
  HttpResponse login(const std::string& username, const std::string& password);

 private:
  std::unique_ptr<Poco::Net::HTTPClientSession> _session;
  std::string _token;
};

}  // namespace natlims::test
