#include "RawSocket.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

namespace natlims::testing {

RawSocket::RawSocket(std::uint16_t port) {
  _socket.connect(Poco::Net::SocketAddress("127.0.0.1", port));
  _socket.setNoDelay(true);
}

void RawSocket::send(std::string_view bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const int n = _socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
}

std::optional<char> RawSocket::readByte(std::chrono::milliseconds timeout) {
  if (!_pending.empty()) {
    const char c = _pending.front();
    _pending.erase(0, 1);
    return c;
  }
  _socket.setReceiveTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(timeout.count()) * 1000));
  char c = 0;
  try {
    if (_socket.receiveBytes(&c, 1) != 1) return std::nullopt;
  } catch (const Poco::TimeoutException&) {
    return std::nullopt;
  }
  return c;
}

std::string RawSocket::readMllp(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string block;
  bool inBlock = false;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const auto c = readByte(left.count() > 0 ? left : std::chrono::milliseconds(1));
    if (!c) return {};
    if (!inBlock) {
      inBlock = *c == '\x0B';
      continue;
    }
    if (*c == '\x1C') {
      const auto cr = readByte(std::chrono::seconds(1));
      return cr == '\x0D' ? block : std::string{};
    }
    block.push_back(*c);
  }
  return {};
}

bool RawSocket::silentFor(std::chrono::milliseconds timeout) { return !readByte(timeout).has_value(); }

void RawSocket::close() { _socket.close(); }

}  // namespace natlims::testing
