#pragma once

// One instrument connected to the ASTM port (private to the library).

#include <array>
#include <deque>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "LinkContext.h"
#include "natlims/links/AstmReceiver.h"

namespace natlims::links {

/// Runs an AstmReceiver on a socket. All its handlers run on the link's one network thread;
/// stores run on the store threads and come back through post().
class AstmConnection : public std::enable_shared_from_this<AstmConnection> {
 public:
  AstmConnection(boost::asio::ip::tcp::socket socket, LinkContext& context);
  void start();

 private:
  void read();
  void process();
  void send(std::string bytes);
  void writeNext();
  void armTimer();
  void closed(const std::string& why);
  void stored(StoreOutcome::Kind outcome);

  boost::asio::ip::tcp::socket _socket;
  boost::asio::steady_timer _timer;
  LinkContext& _context;
  std::string _peer;
  AstmReceiver _receiver;
  std::array<char, 16384> _buffer{};
  std::string _input;               // received, not yet consumed (kept while a store runs)
  std::deque<std::string> _writes;  // replies waiting for the socket
  bool _reading = false;
  bool _storing = false;
  bool _closed = false;
  unsigned _timerGeneration = 0;
};

}  // namespace natlims::links
