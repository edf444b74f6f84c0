#include "demo/DemoReceiver.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace natlims::lims {

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(Poco::Logger& log) : _log(log) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    // Log what arrived without its content (it holds identities).
    if (req.getURI().rfind("/demo-public-health", 0) == 0)
      _log.information("demo public-health receiver: report received (%z bytes)", body.size());
    else
      _log.information("demo health-code receiver: result batch %s received (%z bytes)", req.get("Idempotency-Key", "-"),
                       body.size());
    res.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    res.setContentType("application/json");
    res.send() << "{}";
  }

 private:
  Poco::Logger& _log;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(Poco::Logger& log) : _log(log) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(_log);
  }

 private:
  Poco::Logger& _log;
};

}  // namespace

DemoReceiver::DemoReceiver(Poco::Logger& log) {
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  socket.listen();
  _server = std::make_unique<Poco::Net::HTTPServer>(new Factory(log), socket, new Poco::Net::HTTPServerParams);
  _server->start();
}

DemoReceiver::~DemoReceiver() { _server->stopAll(true); }

std::string DemoReceiver::reportingUrl() const {
  return "http://127.0.0.1:" + std::to_string(_server->port()) + "/demo-public-health/fhir";
}

std::string DemoReceiver::healthcodeUrl() const {
  return "http://127.0.0.1:" + std::to_string(_server->port()) + "/demo-health-code/results";
}

}  // namespace natlims::lims
