#include "FakePrinter.h"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>

namespace natlims::labels::test {

FakePrinter::FakePrinter(int port, bool hangUp) : _hangUp(hangUp) {
  // No SO_REUSEPORT: a port in use must be an error, not a silently shared listener.
  _socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), true, false);
  _socket.listen(16);
  _port = _socket.address().port();
  _thread = std::thread([this] { serve(); });
}

FakePrinter::~FakePrinter() {
  _stop = true;
  _thread.join();
  _socket.close();
}

void FakePrinter::serve() {
  while (!_stop) {
    if (!_socket.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
    Poco::Net::StreamSocket client = _socket.acceptConnection();
    ++_connections;
    if (_hangUp) {
      // Take the first bytes of the job, then close with a reset, as a printer failing mid-job.
      char first[4096];
      client.setReceiveTimeout(Poco::Timespan(5, 0));
      try {
        client.receiveBytes(first, sizeof first);
      } catch (...) {
      }
      client.setLinger(true, 0);
      client.close();
      continue;
    }
    std::string job;
    char buffer[65536];
    client.setReceiveTimeout(Poco::Timespan(10, 0));
    try {
      int n;
      while ((n = client.receiveBytes(buffer, sizeof buffer)) > 0) job.append(buffer, static_cast<std::size_t>(n));
    } catch (...) {
      // A client that vanished: keep what arrived.
    }
    std::lock_guard<std::mutex> lock(_mutex);
    _jobs.push_back(std::move(job));
  }
}

std::vector<std::string> FakePrinter::jobs(std::size_t n, int timeoutMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(_mutex);
      if (_jobs.size() >= n) return _jobs;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::lock_guard<std::mutex> lock(_mutex);
  return _jobs;
}

}  // namespace natlims::labels::test
