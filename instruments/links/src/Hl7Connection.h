#pragma once

// One instrument connected to the HL7/MLLP port (private to the library).

#include <array>
#include <deque>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "LinkContext.h"
#include "natlims/links/MllpFramer.h"

namespace natlims::links {

/// Frames the MLLP stream, hands each message to the store threads one at a time (in the order
/// received) and writes each ACK when its store is done. Handlers run on the network thread.
class Hl7Connection : public std::enable_shared_from_this<Hl7Connection> {
 public:
  Hl7Connection(boost::asio::ip::tcp::socket socket, LinkContext& context);
  void start();

 private:
  void read();
  void process();
  void send(std::string bytes);
  void writeNext();
  void armTimer();
  void closed(const std::string& why);

  boost::asio::ip::tcp::socket _socket;
  boost::asio::steady_timer _timer;
  LinkContext& _context;
  std::string _peer;
  MllpFramer _framer;
  std::array<char, 16384> _buffer{};
  std::deque<MllpEvent> _events;    // framed, not yet handled
  std::deque<std::string> _writes;  // ACKs waiting for the socket
  bool _reading = false;
  bool _storing = false;
  bool _closed = false;
  unsigned _timerGeneration = 0;
};

}  // namespace natlims::links
