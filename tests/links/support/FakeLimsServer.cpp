#include "FakeLimsServer.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <thread>

namespace natlims::testing {

struct FakeLimsServer::State {
  mutable std::mutex mutex;  // guards everything below
  std::vector<RecordedRequest> requests;
  std::deque<FakeAnswer> runAnswers;
  std::vector<std::string> validTokens;
  int tokenCounter = 0;
  int runCounter = 0;
  std::size_t sessions = 0;
};

class FakeLimsServer::Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<State> state) : _state(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    RecordedRequest r;
    r.method = request.getMethod();
    r.uri = request.getURI();
    r.contentType = request.getContentType();
    r.authorization = request.get("Authorization", "");
    Poco::StreamCopier::copyToString(request.stream(), r.body);
    FakeAnswer answer{404, R"({"error":{"code":"not_found","message":"no such endpoint"}})", {}};
    {
      std::lock_guard<std::mutex> lock(_state->mutex);
      _state->requests.push_back(r);
      if (r.method == "POST" && r.uri == "/api/v1/session") {
        answer = session(r.body);
      } else if (r.method == "POST" && r.uri.rfind("/api/v1/runs", 0) == 0) {
        answer = run(r);
      }
    }
    if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.send() << answer.body;
  }

 private:
  FakeAnswer session(const std::string& body) {
    ++_state->sessions;
    try {
      Poco::JSON::Parser parser;
      const auto o = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
      if (o->getValue<std::string>("username") == "gateway" && o->getValue<std::string>("password") == "secret") {
        const std::string token = "token-" + std::to_string(++_state->tokenCounter);
        _state->validTokens.push_back(token);
        return {201, R"({"token":")" + token + R"(","role":"lab_tech","expires_at":"2030-01-01T00:00:00Z"})", {}};
      }
    } catch (const std::exception&) {
      return {400, R"({"error":{"code":"malformed","message":"not JSON"}})", {}};
    }
    return {401, R"({"error":{"code":"bad_credentials","message":"wrong user name or password"}})", {}};
  }

  FakeAnswer run(const RecordedRequest& r) {
    bool authorized = false;
    for (const auto& t : _state->validTokens) authorized = authorized || r.authorization == "Bearer " + t;
    if (!authorized) return {401, R"({"error":{"code":"unauthorized","message":"no or bad token"}})", {}};
    FakeAnswer answer{201, {}, {}};
    if (!_state->runAnswers.empty()) {
      answer = _state->runAnswers.front();
      _state->runAnswers.pop_front();
    }
    if (answer.body.empty() && answer.status / 100 == 2) {
      answer.body = R"({"id":"run-)" + std::to_string(++_state->runCounter) + R"(","valid":true,"tubes":[]})";
    }
    return answer;
  }

  std::shared_ptr<State> _state;
};

namespace {

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<FakeLimsServer::State> state) : _state(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new FakeLimsServer::Handler(_state);
  }

 private:
  std::shared_ptr<FakeLimsServer::State> _state;
};

}  // namespace

class FakeLimsServer::Impl {
 public:
  explicit Impl(std::shared_ptr<State> state) : _pool(2, 16) {
    Poco::Net::ServerSocket socket;
    // No SO_REUSEPORT (NOTES-deps.md): a port in use must be an error, never a shared port.
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
    socket.listen(64);
    _port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setMaxQueued(64);
    params->setKeepAlive(true);
    _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(std::move(state)), _pool, socket, params);
    _server->start();
  }
  ~Impl() { _server->stopAll(true); }
  std::uint16_t port() const { return _port; }

 private:
  Poco::ThreadPool _pool;
  std::unique_ptr<Poco::Net::HTTPServer> _server;
  std::uint16_t _port = 0;
};

FakeLimsServer::FakeLimsServer() : _state(std::make_shared<State>()), _impl(std::make_unique<Impl>(_state)) {}
FakeLimsServer::~FakeLimsServer() = default;

std::string FakeLimsServer::url() const { return "http://127.0.0.1:" + std::to_string(_impl->port()); }

void FakeLimsServer::queueRunAnswers(std::deque<FakeAnswer> answers) {
  std::lock_guard<std::mutex> lock(_state->mutex);
  for (auto& a : answers) _state->runAnswers.push_back(std::move(a));
}

void FakeLimsServer::revokeTokens() {
  std::lock_guard<std::mutex> lock(_state->mutex);
  _state->validTokens.clear();
}

std::vector<RecordedRequest> FakeLimsServer::requests() const {
  std::lock_guard<std::mutex> lock(_state->mutex);
  return _state->requests;
}

std::vector<RecordedRequest> FakeLimsServer::runRequests() const {
  std::lock_guard<std::mutex> lock(_state->mutex);
  std::vector<RecordedRequest> out;
  for (const auto& r : _state->requests) {
    if (r.uri.rfind("/api/v1/runs", 0) == 0) out.push_back(r);
  }
  return out;
}

std::size_t FakeLimsServer::sessionCount() const {
  std::lock_guard<std::mutex> lock(_state->mutex);
  return _state->sessions;
}

}  // namespace natlims::testing
