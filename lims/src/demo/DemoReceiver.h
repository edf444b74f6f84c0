#pragma once

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServer.h>

#include <memory>
#include <string>

namespace natlims::lims {

/// With --demo and no reporting.endpoint / healthcode.endpoint configured, the demo needs someone
/// to report to: this stands in for the public-health (FHIR) and health-code systems on loopback.
/// It is a real HTTP server that acknowledges what it receives and logs one line per message,
/// so the demo shows reports leaving the outbox within the SLA. Never used outside --demo.
class DemoReceiver {
 public:
  explicit DemoReceiver(Poco::Logger& log);
  ~DemoReceiver();
  DemoReceiver(const DemoReceiver&) = delete;
  DemoReceiver& operator=(const DemoReceiver&) = delete;

  std::string reportingUrl() const;
  std::string healthcodeUrl() const;

 private:
  std::unique_ptr<Poco::Net::HTTPServer> _server;
};

}  // namespace natlims::lims
