#include "HttpClient.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sstream>

namespace natlims::test {

Poco::JSON::Object::Ptr HttpResponse::json() const {
  Poco::JSON::Parser p;
  return p.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string HttpResponse::errorCode() const {
  try {
    return json()->getObject("error")->getValue<std::string>("code");
  } catch (...) {
    return "";
  }
}

std::string HttpResponse::errorField() const {
  try {
    auto e = json()->getObject("error");
    return e->has("field") ? e->getValue<std::string>("field") : "";
  } catch (...) {
    return "";
  }
}

HttpClient::HttpClient(const std::string& baseUrl) {
  const Poco::URI uri(baseUrl);
  _session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  _session->setKeepAlive(true);
  _session->setTimeout(Poco::Timespan(60, 0));
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::get(const std::string& path) { return request("GET", path, "", "", {}); }

HttpResponse HttpClient::post(const std::string& path, const std::string& body, const std::string& contentType,
                              const std::map<std::string, std::string>& headers) {
  return request("POST", path, body, contentType, headers);
}

HttpResponse HttpClient::request(const std::string& method, const std::string& path, const std::string& body,
                                 const std::string& contentType, const std::map<std::string, std::string>& headers) {
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  if (!_token.empty()) req.set("Authorization", "Bearer " + _token);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (method != "GET") {
    req.setContentType(contentType);
    req.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  auto& out = _session->sendRequest(req);
  if (method != "GET") out << body;
  Poco::Net::HTTPResponse res;
  auto& in = _session->receiveResponse(res);
  HttpResponse r;
  r.status = res.getStatus();
  std::ostringstream s;
  Poco::StreamCopier::copyStream(in, s);
  r.body = s.str();
  for (const auto& [k, v] : res) r.headers[k] = v;
  return r;
}

HttpResponse HttpClient::login(const std::string& username, const std::string& password) {
  _token.clear();
  auto r = post("/api/v1/session", R"({"username":")" + username + R"(","password":")" + password + R"("})");
  if (r.status == 201) _token = r.json()->getValue<std::string>("token");
  return r;
}

}  // namespace natlims::test
