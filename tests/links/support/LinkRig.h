#pragma once

// The links as instrument-gateway runs them, on loopback: LinkServer -> ServerRunSink ->
// LimsClient -> HTTP -> FakeLimsServer. Timers are short so that the timeout tests are quick.

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "FakeLimsServer.h"
#include "natlims/gateway/LimsClient.h"
#include "natlims/gateway/ServerRunSink.h"
#include "natlims/links/LinkServer.h"

namespace natlims::testing {

/// Collects log lines (thread-safe).
class LogCapture {
 public:
  links::LogSink sink();
  std::vector<std::string> lines() const;
  bool contains(const std::string& text) const;
  /// Waits up to `timeout` for a line containing `text`.
  bool waitFor(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

 private:
  mutable std::mutex _mutex;
  std::vector<std::string> _lines;
};

class LinkRig {
 public:
  static links::LinkServerOptions quickOptions();
  explicit LinkRig(links::LinkServerOptions options = quickOptions());
  ~LinkRig();

  FakeLimsServer lims;
  LogCapture log;
  gateway::LimsClient client;
  gateway::ServerRunSink sink;
  links::LinkServer server;
  std::uint16_t astmPort = 0;
  std::uint16_t hl7Port = 0;

  /// Waits until the fake server has seen `n` run requests (or the timeout passed).
  bool waitForRuns(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
};

}  // namespace natlims::testing
