#include "natlims/station/ApiClient.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sstream>

namespace natlims::station {

ApiError parseApiError(const HttpAnswer& answer) {
  ApiError e;
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(answer.body).extract<Poco::JSON::Object::Ptr>();
    if (auto err = root->getObject("error")) {
      e.code = err->optValue<std::string>("code", "");
      e.message = err->optValue<std::string>("message", "");
      e.field = err->optValue<std::string>("field", "");
    }
  } catch (const std::exception&) {
    // Not our error object (a proxy's page, a crash): fall back to the status below.
  }
  if (e.code.empty()) e.code = "http_" + std::to_string(answer.status);
  if (e.message.empty()) e.message = answer.body.substr(0, 200);
  return e;
}

ApiClient::ApiClient(const std::string& baseUrl, std::chrono::milliseconds timeout)
    : _baseUrl(baseUrl), _timeout(timeout) {
  Poco::URI uri;
  try {
    uri = Poco::URI(baseUrl);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("server URL " + baseUrl + ": " + e.displayText());
  }
  _scheme = uri.getScheme();
  _host = uri.getHost();
  _port = uri.getPort();
  if ((_scheme != "http" && _scheme != "https") || _host.empty())
    throw std::invalid_argument("server URL must be http://HOST:PORT or https://HOST:PORT, not " + baseUrl);
  while (!_baseUrl.empty() && _baseUrl.back() == '/') _baseUrl.pop_back();
}

ApiClient::~ApiClient() = default;

namespace {

// One TLS client context for the process: the system's CA store, certificates verified.
Poco::Net::Context::Ptr tlsContext() {
  static const Poco::Net::Context::Ptr context = [] {
    Poco::Net::initializeSSL();
    return Poco::Net::Context::Ptr(new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                          Poco::Net::Context::VERIFY_RELAXED, 9, true));
  }();
  return context;
}

}  // namespace

void ApiClient::connect() {
  if (_scheme == "https")
    _session = std::make_unique<Poco::Net::HTTPSClientSession>(_host, _port, tlsContext());
  else
    _session = std::make_unique<Poco::Net::HTTPClientSession>(_host, _port);
  _session->setKeepAlive(true);
  const Poco::Timespan t(static_cast<Poco::Timespan::TimeDiff>(_timeout.count()) * 1000);
  _session->setTimeout(t, t, t);
}

void ApiClient::disconnect() { _session.reset(); }

HttpAnswer ApiClient::send(const std::string& method, const std::string& path, const std::string& body,
                           const std::string& token, const std::string& idempotencyKey) {
  if (!_session) connect();
  try {
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setKeepAlive(true);
    if (!token.empty()) req.set("Authorization", "Bearer " + token);
    if (!idempotencyKey.empty()) req.set("Idempotency-Key", idempotencyKey);
    if (method != "GET") {
      req.setContentType("application/json");
      req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    std::ostream& os = _session->sendRequest(req);
    // Poco writes the header and the body in two sends: without TCP_NODELAY the body may wait
    // for the header's acknowledgement (Nagle). Set on every request: the session may have
    // reconnected on a new socket.
    _session->socket().setNoDelay(true);
    if (method != "GET") os.write(body.data(), static_cast<std::streamsize>(body.size()));
    Poco::Net::HTTPResponse res;
    std::istream& is = _session->receiveResponse(res);
    HttpAnswer answer;
    answer.status = static_cast<int>(res.getStatus());
    Poco::StreamCopier::copyToString(is, answer.body);
    if (!res.getKeepAlive()) _session.reset();
    return answer;
  } catch (const Poco::Exception& e) {
    _session.reset();
    throw NetworkError(_baseUrl + ": " + e.displayText());
  } catch (const std::ios_base::failure& e) {
    _session.reset();
    throw NetworkError(_baseUrl + ": " + e.what());
  }
}

}  // namespace natlims::station
