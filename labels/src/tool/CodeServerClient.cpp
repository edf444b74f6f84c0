#include "CodeServerClient.h"

#include "../CodeDisplay.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>

#include <memory>
#include <set>
#include <sstream>

namespace natlims::labels::tool {

namespace {

constexpr std::size_t kMaxAnswer = 4 * 1024 * 1024;

// "the server's message (field count)" from an error answer, or the status line.
std::string serverReason(const std::string& body, const Poco::Net::HTTPResponse& response) {
  try {
    Poco::JSON::Parser parser;
    const auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    if (const auto error = object->getObject("error")) {
      std::string reason = error->optValue<std::string>("message", "");
      const std::string field = error->optValue<std::string>("field", "");
      if (!field.empty()) reason += " (field " + field + ")";
      if (!reason.empty()) return reason + " [" + std::to_string(response.getStatus()) + "]";
    }
  } catch (const Poco::Exception&) {
    // Not the API's error shape: fall back to the status line.
  }
  return std::to_string(response.getStatus()) + " " + response.getReason();
}

}  // namespace

CodeServerClient::CodeServerClient(const std::string& url, int timeoutSeconds) : _timeoutSeconds(timeoutSeconds) {
  try {
    _base = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw ServerError("--server: '" + url + "' is not a URL (" + e.displayText() + ")");
  }
  if ((_base.getScheme() != "http" && _base.getScheme() != "https") || _base.getHost().empty())
    throw ServerError("--server: '" + url + "' is not an http:// or https:// URL");
}

std::string CodeServerClient::post(const std::string& path, const std::string& body, int expectedStatus,
                                   const std::string& what) {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (_base.getScheme() == "https") {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                             Poco::Net::Context::VERIFY_RELAXED, 9, true);
    session = std::make_unique<Poco::Net::HTTPSClientSession>(_base.getHost(), _base.getPort(), context);
  } else {
    session = std::make_unique<Poco::Net::HTTPClientSession>(_base.getHost(), _base.getPort());
  }
  session->setTimeout(Poco::Timespan(_timeoutSeconds, 0));
  std::string prefix = _base.getPath();
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, prefix + path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/json");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  if (!_token.empty()) request.set("Authorization", "Bearer " + _token);
  Poco::Net::HTTPResponse response;
  std::string answer;
  try {
    session->sendRequest(request) << body;
    std::istream& in = session->receiveResponse(response);
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      answer.append(buffer, static_cast<std::size_t>(in.gcount()));
      if (answer.size() > kMaxAnswer) throw ServerError(what + ": the server's answer is too large");
    }
  } catch (const Poco::Exception& e) {
    throw ServerError(what + ": cannot reach " + _base.toString() + " (" + e.displayText() + ")");
  }
  if (static_cast<int>(response.getStatus()) != expectedStatus)
    throw ServerError(what + " refused: " + serverReason(answer, response));
  return answer;
}

void CodeServerClient::login(const std::string& user, const std::string& password) {
  Poco::JSON::Object body;
  body.set("username", user);
  body.set("password", password);
  std::ostringstream json;
  body.stringify(json);
  const std::string answer = post("/api/v1/session", json.str(), 201, "login as " + user);
  try {
    Poco::JSON::Parser parser;
    _token = parser.parse(answer).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("token");
  } catch (const Poco::Exception&) {
    throw ServerError("login as " + user + ": the server's answer holds no token");
  }
  if (_token.empty()) throw ServerError("login as " + user + ": the server's answer holds no token");
}

std::vector<std::string> CodeServerClient::allocate(domain::CodeKind kind, int count) {
  const std::string what = "allocating " + std::to_string(count) + " " + std::string(domain::codeKindName(kind)) + " codes";
  const std::string path = kind == domain::CodeKind::Box ? "/api/v1/box-codes" : "/api/v1/tube-codes";
  const std::string answer = post(path, "{\"count\":" + std::to_string(count) + "}", 201, what);
  std::vector<std::string> codes;
  try {
    Poco::JSON::Parser parser;
    const auto array = parser.parse(answer).extract<Poco::JSON::Object::Ptr>()->getArray("codes");
    if (!array) throw ServerError(what + ": the server's answer holds no codes");
    for (std::size_t i = 0; i < array->size(); ++i) codes.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
  } catch (const Poco::Exception& e) {
    throw ServerError(what + ": unreadable answer (" + e.displayText() + ")");
  }
  if (static_cast<int>(codes.size()) != count)
    throw ServerError(what + ": the server returned " + std::to_string(codes.size()) + " codes");
  // Never trust a code because it came from our own server: a bad one would print a bad label.
  std::set<std::string> seen;
  for (auto& code : codes) {
    const auto check = domain::validateCode(code, kind);
    if (!check.ok)
      throw ServerError(what + ": the server returned an invalid code '" + displayCodeInput(code) + "' (" + check.error + ")");
    if (!seen.insert(check.code).second) throw ServerError(what + ": the server returned " + check.code + " twice");
    code = check.code;
  }
  return codes;
}

}  // namespace natlims::labels::tool
