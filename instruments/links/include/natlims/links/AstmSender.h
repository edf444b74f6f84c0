#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "natlims/links/AstmOptions.h"

namespace natlims::links {

struct AstmSendResult {
  bool ok = false;
  std::string error;        // when !ok: what went wrong (timeout, frame refused 7 times, ...)
  int frames = 0;           // frames acknowledged
  int retransmissions = 0;  // frames sent again after a NAK
};

/// The sending side of an ASTM E1381 link over TCP, as an instrument does it: ENQ (answered ACK
/// within establishmentTimeout; NAK means busy: wait busyRetryDelay and try again, 3 times), each
/// frame answered within ackTimeout (NAK: send it again, up to maxFrameAttempts transmissions),
/// EOT. Used by the benchmarks, the tests and the demo's simulated instruments. Not thread-safe.
class AstmSender {
 public:
  AstmSender(std::string host, std::uint16_t port, AstmOptions options = {});
  ~AstmSender();
  AstmSender(const AstmSender&) = delete;
  AstmSender& operator=(const AstmSender&) = delete;

  /// Sends one message (record texts without CR, H first, L last) in one transfer, connecting
  /// first when not connected. The connection stays open for the next message.
  AstmSendResult send(const std::vector<std::string>& records);
  void close();

 private:
  class Impl;
  std::unique_ptr<Impl> _impl;
};

}  // namespace natlims::links
