#include "natlims/gateway/LimsClient.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <mutex>
#include <stdexcept>
#include <sstream>
#include <vector>

namespace natlims::gateway {

using links::StoreOutcome;

namespace {

struct Answer {
  int status = 0;  // 0: no answer (network error)
  std::string body;
  std::string networkError;
};

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (!object || !object->has(key)) return {};
  const auto value = object->get(key);
  if (value.isEmpty()) return {};
  try {
    return value.convert<std::string>();
  } catch (const Poco::Exception&) {
    return {};
  }
}

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {  // Poco::Exception included: not JSON, or not an object
    return nullptr;
  }
}

// "code: message (field: f)" from a CONTRACT.md error body, else the start of the body.
std::string errorText(int status, const std::string& body) {
  const auto object = parseObject(body);
  if (object && object->has("error")) {
    Poco::JSON::Object::Ptr error;
    try {
      error = object->getObject("error");
    } catch (const Poco::Exception&) {
    }
    if (error) {
      std::string out = text(error, "code");
      const auto message = text(error, "message");
      if (!message.empty()) out += (out.empty() ? "" : ": ") + message;
      const auto field = text(error, "field");
      if (!field.empty()) out += " (field: " + field + ")";
      if (!out.empty()) return out;
    }
  }
  std::string start = body.substr(0, 200);
  for (char& c : start) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "HTTP " + std::to_string(status) + (start.empty() ? "" : ": " + start);
}

}  // namespace

class LimsClient::Impl {
 public:
  explicit Impl(const ServerConfig& config) : _config(config), _uri(config.url) {
    if (_uri.getScheme() != "http" && _uri.getScheme() != "https") {
      throw std::invalid_argument("--server: '" + config.url + "' is not an http:// or https:// URL");
    }
    if (_uri.getHost().empty()) throw std::invalid_argument("--server: '" + config.url + "' names no host");
    _prefix = _uri.getPath();
    while (!_prefix.empty() && _prefix.back() == '/') _prefix.pop_back();
  }

  // One POST. A kept-alive connection the server has closed meanwhile fails at once: the request
  // is then sent once more on a fresh connection (uploads are idempotent on the server).
  Answer request(const std::string& pathAndQuery, const std::string& body, const std::string& contentType,
                 const std::string& token) {
    bool reused = false;
    auto answer = requestOn(takeSession(&reused), pathAndQuery, body, contentType, token);
    if (answer.status == 0 && reused) answer = requestOn(newSession(), pathAndQuery, body, contentType, token);
    return answer;
  }

  Answer requestOn(std::unique_ptr<Poco::Net::HTTPClientSession> session, const std::string& pathAndQuery,
                   const std::string& body, const std::string& contentType, const std::string& token) {
    Answer answer;
    try {
      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, _prefix + pathAndQuery,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      request.setContentType(contentType);
      request.setContentLength(static_cast<std::streamsize>(body.size()));
      request.setKeepAlive(true);
      if (!token.empty()) request.set("Authorization", "Bearer " + token);
      session->sendRequest(request).write(body.data(), static_cast<std::streamsize>(body.size()));
      Poco::Net::HTTPResponse response;
      std::istream& in = session->receiveResponse(response);
      Poco::StreamCopier::copyToString(in, answer.body);
      answer.status = static_cast<int>(response.getStatus());
      giveBack(std::move(session));
    } catch (const Poco::Exception& e) {
      answer.status = 0;
      answer.networkError = "cannot reach " + _config.url + ": " + e.displayText();
    } catch (const std::exception& e) {
      answer.status = 0;
      answer.networkError = "cannot reach " + _config.url + ": " + e.what();
    }
    return answer;
  }

  std::string token() {
    std::lock_guard<std::mutex> lock(_mutex);
    return _token;
  }
  void setToken(std::string token) {
    std::lock_guard<std::mutex> lock(_mutex);
    _token = std::move(token);
  }

 private:
  std::unique_ptr<Poco::Net::HTTPClientSession> takeSession(bool* reused) {
    {
      std::lock_guard<std::mutex> lock(_mutex);
      if (!_idle.empty()) {
        auto session = std::move(_idle.back());
        _idle.pop_back();
        *reused = true;
        return session;
      }
    }
    *reused = false;
    return newSession();
  }

  std::unique_ptr<Poco::Net::HTTPClientSession> newSession() {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (_uri.getScheme() == "https") {
      Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                               Poco::Net::Context::VERIFY_RELAXED, 9, true);
      session = std::make_unique<Poco::Net::HTTPSClientSession>(_uri.getHost(), _uri.getPort(), context);
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(_uri.getHost(), _uri.getPort());
    }
    session->setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(_config.timeout.count()) * 1000));
    session->setKeepAlive(true);
    return session;
  }

  void giveBack(std::unique_ptr<Poco::Net::HTTPClientSession> session) {
    std::lock_guard<std::mutex> lock(_mutex);
    if (_idle.size() < 8) _idle.push_back(std::move(session));
  }

  ServerConfig _config;
  Poco::URI _uri;
  std::string _prefix;
  std::mutex _mutex;  // guards _token and _idle
  std::string _token;
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> _idle;
};

LimsClient::LimsClient(ServerConfig config) : _config(std::move(config)), _impl(std::make_unique<Impl>(_config)) {}

LimsClient::~LimsClient() = default;

LoginResult LimsClient::login() {
  Poco::JSON::Object body;
  body.set("username", _config.user);
  body.set("password", _config.password);
  std::ostringstream json;
  body.stringify(json);
  const auto answer = _impl->request("/api/v1/session", json.str(), "application/json", {});
  if (answer.status == 0) return {LoginResult::Kind::Unreachable, answer.networkError};
  if (answer.status / 100 == 2) {
    const auto token = text(parseObject(answer.body), "token");
    if (token.empty()) return {LoginResult::Kind::Unreachable, "the server's session answer holds no token"};
    _impl->setToken(token);
    return {LoginResult::Kind::Ok, {}};
  }
  if (answer.status >= 500) return {LoginResult::Kind::Unreachable, errorText(answer.status, answer.body)};
  return {LoginResult::Kind::Refused, "login as " + _config.user + " refused (HTTP " + std::to_string(answer.status) +
                                          "): " + errorText(answer.status, answer.body)};
}

StoreOutcome LimsClient::classify(int status, const std::string& body) {
  if (status / 100 == 2) {
    auto runId = text(parseObject(body), "id");
    return StoreOutcome::stored(runId.empty() ? "?" : runId, status);
  }
  const auto why = errorText(status, body);
  if (status == 401) return StoreOutcome::unavailable("the server does not accept the gateway's login: " + why, status);
  if (status == 403) return StoreOutcome::unavailable("the gateway's user may not import runs: " + why, status);
  if (status == 408 || status == 429) return StoreOutcome::unavailable("the server asks to retry later: " + why, status);
  if (status >= 400 && status < 500) return StoreOutcome::refused(why, status);
  return StoreOutcome::unavailable("server error " + std::to_string(status) + ": " + why, status);
}

namespace {

std::string urlEncode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "?#[]@!$&'()*+,;=/:", out);
  return out;
}

}  // namespace

StoreOutcome LimsClient::uploadRun(const std::string& json) {
  return post("/api/v1/runs", json, "application/json");
}

StoreOutcome LimsClient::uploadFile(const std::string& bytes, const std::string& plate) {
  const std::string path = plate.empty() ? "/api/v1/runs" : "/api/v1/runs?plate=" + urlEncode(plate);
  return post(path, bytes, "application/octet-stream");
}

StoreOutcome LimsClient::post(const std::string& path, const std::string& body, const std::string& contentType) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string token = _impl->token();
    if (token.empty()) {
      const auto login = this->login();
      if (login.kind != LoginResult::Kind::Ok) return StoreOutcome::unavailable(login.message);
      token = _impl->token();
    }
    const auto answer = _impl->request(path, body, contentType, token);
    if (answer.status == 0) return StoreOutcome::unavailable(answer.networkError);
    if (answer.status == 401 && attempt == 0) {
      _impl->setToken({});  // expired or revoked: log in again, once
      continue;
    }
    return LimsClient::classify(answer.status, answer.body);
  }
  return StoreOutcome::unavailable("the server does not accept the gateway's login");
}

}  // namespace natlims::gateway
