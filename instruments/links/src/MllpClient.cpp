#include "natlims/links/MllpClient.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <stdexcept>

#include "natlims/links/Hl7Ack.h"

namespace natlims::links {

class MllpClient::Impl {
 public:
  Impl(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
      : _host(std::move(host)), _port(port), _timeout(static_cast<Poco::Timespan::TimeDiff>(timeout.count()) * 1000) {}

  std::string exchange(std::string_view message) {
    try {
      if (!_connected) {
        _socket.connect(Poco::Net::SocketAddress(_host, _port), _timeout);
        _socket.setNoDelay(true);
        _connected = true;
      }
      const std::string framed = mllpFrame(message);
      std::size_t sent = 0;
      while (sent < framed.size()) {
        const int n = _socket.sendBytes(framed.data() + sent, static_cast<int>(framed.size() - sent));
        if (n <= 0) throw std::runtime_error("send failed");
        sent += static_cast<std::size_t>(n);
      }
      return readAck();
    } catch (const Poco::TimeoutException&) {
      close();
      throw std::runtime_error("no acknowledgement within the timeout");
    } catch (const Poco::Exception& e) {
      close();
      throw std::runtime_error("connection: " + e.displayText());
    }
  }

  void close() {
    if (!_connected) return;
    try {
      _socket.close();
    } catch (const Poco::Exception&) {
    }
    _socket = Poco::Net::StreamSocket();
    _connected = false;
    _pending.clear();
  }

 private:
  std::string readAck() {
    _socket.setReceiveTimeout(_timeout);
    for (;;) {
      const auto start = _pending.find('\x0B');
      if (start != std::string::npos) {
        const auto end = _pending.find("\x1C\x0D", start);
        if (end != std::string::npos) {
          std::string ack = _pending.substr(start + 1, end - start - 1);
          _pending.erase(0, end + 2);
          return ack;
        }
      }
      char buf[4096];
      const int n = _socket.receiveBytes(buf, sizeof buf);
      if (n <= 0) {
        close();
        throw std::runtime_error("the receiver closed the connection before acknowledging");
      }
      _pending.append(buf, static_cast<std::size_t>(n));
    }
  }

  std::string _host;
  std::uint16_t _port;
  Poco::Timespan _timeout;
  Poco::Net::StreamSocket _socket;
  bool _connected = false;
  std::string _pending;
};

MllpClient::MllpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : _impl(std::make_unique<Impl>(std::move(host), port, timeout)) {}
MllpClient::~MllpClient() = default;
std::string MllpClient::exchange(std::string_view message) { return _impl->exchange(message); }
void MllpClient::close() { _impl->close(); }

}  // namespace natlims::links
