#include "natlims/links/AstmSender.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>
#include <chrono>
#include <thread>

#include "natlims/links/AstmFrame.h"

namespace natlims::links {

namespace {
constexpr int kBusyRetries = 3;

Poco::Timespan toTimespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}
}  // namespace

class AstmSender::Impl {
 public:
  Impl(std::string host, std::uint16_t port, AstmOptions options)
      : _host(std::move(host)), _port(port), _options(options) {}

  AstmSendResult send(const std::vector<std::string>& records) {
    AstmSendResult result;
    try {
      if (!_connected) {
        _socket.connect(Poco::Net::SocketAddress(_host, _port), toTimespan(_options.establishmentTimeout));
        _socket.setNoDelay(true);
        _connected = true;
      }
      if (!establish(result)) return result;
      for (const auto& frame : buildAstmFrames(records)) {
        if (!sendFrame(frame, result)) return result;
      }
      put(astm::kEot);
      result.ok = true;
    } catch (const Poco::Exception& e) {
      close();
      result.error = "connection: " + e.displayText();
    }
    return result;
  }

  void close() {
    if (!_connected) return;
    try {
      _socket.close();
    } catch (const Poco::Exception&) {
    }
    _socket = Poco::Net::StreamSocket();
    _connected = false;
  }

 private:
  void put(char c) { putBytes(std::string(1, c)); }

  void putBytes(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const int n = _socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
      if (n <= 0) throw Poco::Net::NetException("send failed");
      sent += static_cast<std::size_t>(n);
    }
  }

  // The next ACK, NAK or EOT within `timeout`; 0 on timeout. Other bytes are ignored.
  char reply(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return 0;
      _socket.setReceiveTimeout(toTimespan(left));
      char c = 0;
      int n = 0;
      try {
        n = _socket.receiveBytes(&c, 1);
      } catch (const Poco::TimeoutException&) {
        return 0;
      }
      if (n <= 0) throw Poco::Net::ConnectionResetException("the receiver closed the connection");
      if (c == astm::kAck || c == astm::kNak || c == astm::kEot) return c;
    }
  }

  bool establish(AstmSendResult& result) {
    for (int attempt = 0;; ++attempt) {
      put(astm::kEnq);
      const char r = reply(_options.establishmentTimeout);
      if (r == astm::kAck) return true;
      if (r == 0) {
        put(astm::kEot);
        result.error = "no answer to ENQ within " + std::to_string(_options.establishmentTimeout.count()) + " ms";
        return false;
      }
      if (attempt + 1 >= kBusyRetries) {
        result.error = "the receiver stayed busy (NAK to ENQ)";
        return false;
      }
      std::this_thread::sleep_for(_options.busyRetryDelay);
    }
  }

  bool sendFrame(const std::string& frame, AstmSendResult& result) {
    for (int attempt = 1;; ++attempt) {
      putBytes(frame);
      const char r = reply(_options.ackTimeout);
      if (r == astm::kAck || r == astm::kEot) {  // EOT: a receiver interrupt, the frame is taken
        ++result.frames;
        return true;
      }
      if (r == 0) {
        put(astm::kEot);
        result.error = "frame " + std::string(1, frame[1]) + " not answered within " +
                       std::to_string(_options.ackTimeout.count()) + " ms";
        return false;
      }
      if (attempt >= _options.maxFrameAttempts) {
        put(astm::kEot);
        result.error = "frame " + std::string(1, frame[1]) + " refused (NAK) " + std::to_string(attempt) + " times";
        return false;
      }
      ++result.retransmissions;
    }
  }

  std::string _host;
  std::uint16_t _port;
  AstmOptions _options;
  Poco::Net::StreamSocket _socket;
  bool _connected = false;
};

AstmSender::AstmSender(std::string host, std::uint16_t port, AstmOptions options)
    : _impl(std::make_unique<Impl>(std::move(host), port, options)) {}
AstmSender::~AstmSender() = default;
AstmSendResult AstmSender::send(const std::vector<std::string>& records) { return _impl->send(records); }
void AstmSender::close() { _impl->close(); }

}  // namespace natlims::links
