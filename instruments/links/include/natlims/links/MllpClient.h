#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace natlims::links {

/// A client of an HL7 v2 MLLP receiver: sends one message, waits for its acknowledgement.
/// Not thread-safe.
class MllpClient {
 public:
  MllpClient(std::string host, std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~MllpClient();
  MllpClient(const MllpClient&) = delete;
  MllpClient& operator=(const MllpClient&) = delete;

  /// Sends `message` (segments separated by CR) framed in MLLP and returns the answer's text
  /// (unframed), connecting first when not connected. Throws std::runtime_error on a timeout, a
  /// closed connection or a reply that is not an MLLP block.
  std::string exchange(std::string_view message);
  void close();

 private:
  class Impl;
  std::unique_ptr<Impl> _impl;
};

}  // namespace natlims::links
