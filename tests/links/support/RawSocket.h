#pragma once

// A byte-level TCP client for the link tests: sends exactly the bytes a test gives and reads the
// replies one by one, the way an instrument's port sees them.

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace natlims::testing {

class RawSocket {
 public:
  explicit RawSocket(std::uint16_t port);
  void send(std::string_view bytes);
  /// The next byte, or std::nullopt when none comes within `timeout`.
  std::optional<char> readByte(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// The next MLLP block's content (between 0x0B and 0x1C 0x0D); "" when none within `timeout`.
  std::string readMllp(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// True when nothing at all arrives within `timeout`.
  bool silentFor(std::chrono::milliseconds timeout);
  void close();

 private:
  Poco::Net::StreamSocket _socket;
  std::string _pending;
};

}  // namespace natlims::testing
