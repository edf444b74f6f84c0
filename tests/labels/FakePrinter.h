#pragma once

#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace natlims::labels::test {

/// A raw-port label printer on loopback: accepts connections on 127.0.0.1 (port 0 = a free
/// one, or a given port) and records the bytes of each connection until the client closes it.
/// With hangUp set it closes each connection at once (reset), like a printer that fails mid-job.
class FakePrinter {
 public:
  explicit FakePrinter(int port = 0, bool hangUp = false);
  ~FakePrinter();
  FakePrinter(const FakePrinter&) = delete;
  FakePrinter& operator=(const FakePrinter&) = delete;

  int port() const { return _port; }
  /// Waits up to `timeoutMs` for `n` completed jobs and returns what was received.
  std::vector<std::string> jobs(std::size_t n, int timeoutMs = 5000);
  int connections() const { return _connections; }

 private:
  void serve();

  Poco::Net::ServerSocket _socket;
  int _port = 0;
  bool _hangUp;
  std::atomic<bool> _stop{false};
  std::atomic<int> _connections{0};
  std::mutex _mutex;  // guards _jobs
  std::vector<std::string> _jobs;
  std::thread _thread;
};

}  // namespace natlims::labels::test
