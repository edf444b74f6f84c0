#include "BenchLimsServer.h"

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

namespace natlims::bench {

namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<BenchLimsServer::Counters> counters) : _counters(std::move(counters)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    std::string body;
    Poco::StreamCopier::copyToString(request.stream(), body);
    std::string answer;
    if (request.getURI() == "/api/v1/session") {
      answer = R"({"token":"bench","role":"lab_tech","expires_at":"2030-01-01T00:00:00Z"})";
    } else {
      const auto n = ++_counters->runs;
      _counters->bytes += body.size();
      answer = R"({"id":"run-)" + std::to_string(n) + R"(","valid":true})";
    }
    response.setStatus(Poco::Net::HTTPResponse::HTTP_CREATED);
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(answer.size()));
    response.send() << answer;
  }

 private:
  std::shared_ptr<BenchLimsServer::Counters> _counters;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<BenchLimsServer::Counters> counters) : _counters(std::move(counters)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(_counters);
  }

 private:
  std::shared_ptr<BenchLimsServer::Counters> _counters;
};

}  // namespace

class BenchLimsServer::Impl {
 public:
  explicit Impl(std::shared_ptr<Counters> counters) : _pool(2, 32) {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
    socket.listen(128);
    _port = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(32);
    params->setMaxQueued(128);
    _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(std::move(counters)), _pool, socket, params);
    _server->start();
  }
  ~Impl() { _server->stopAll(true); }
  std::uint16_t port() const { return _port; }

 private:
  Poco::ThreadPool _pool;
  std::unique_ptr<Poco::Net::HTTPServer> _server;
  std::uint16_t _port = 0;
};

BenchLimsServer::BenchLimsServer()
    : _counters(std::make_shared<Counters>()), _impl(std::make_unique<Impl>(_counters)) {}
BenchLimsServer::~BenchLimsServer() = default;
std::string BenchLimsServer::url() const { return "http://127.0.0.1:" + std::to_string(_impl->port()); }
std::uint64_t BenchLimsServer::runs() const { return _counters->runs; }
std::uint64_t BenchLimsServer::bodyBytes() const { return _counters->bytes; }

}  // namespace natlims::bench
