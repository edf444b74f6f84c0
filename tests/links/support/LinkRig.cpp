#include "LinkRig.h"

#include <thread>

namespace natlims::testing {

links::LogSink LogCapture::sink() {
  return [this](links::LogLevel level, std::string_view message) {
    std::lock_guard<std::mutex> lock(_mutex);
    _lines.push_back(std::string(links::logLevelName(level)) + " " + std::string(message));
  };
}

std::vector<std::string> LogCapture::lines() const {
  std::lock_guard<std::mutex> lock(_mutex);
  return _lines;
}

bool LogCapture::contains(const std::string& text) const {
  std::lock_guard<std::mutex> lock(_mutex);
  for (const auto& line : _lines) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

bool LogCapture::waitFor(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (contains(text)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return contains(text);
}

links::LinkServerOptions LinkRig::quickOptions() {
  links::LinkServerOptions options;
  options.astm.frameTimeout = std::chrono::milliseconds(300);
  options.hl7.messageTimeout = std::chrono::milliseconds(300);
  return options;
}

LinkRig::LinkRig(links::LinkServerOptions options)
    : client({lims.url(), "gateway", "secret", std::chrono::seconds(5)}),
      sink(client),
      server(sink, options, log.sink()) {
  astmPort = server.listenAstm("127.0.0.1", 0);
  hl7Port = server.listenHl7("127.0.0.1", 0);
  server.start();
}

LinkRig::~LinkRig() { server.stop(); }

bool LinkRig::waitForRuns(std::size_t n, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (lims.runRequests().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return lims.runRequests().size() >= n;
}

}  // namespace natlims::testing
