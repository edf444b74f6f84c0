#include "AstmConnection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "MessageHandling.h"

namespace natlims::links {

namespace asio = boost::asio;

namespace {
std::string peerOf(const asio::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "?";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}
}  // namespace

AstmConnection::AstmConnection(asio::ip::tcp::socket socket, LinkContext& context)
    : _socket(std::move(socket)),
      _timer(_socket.get_executor()),
      _context(context),
      _peer(peerOf(_socket)),
      _receiver(context.options.astm, context.log, _peer) {}

void AstmConnection::start() {
  _context.log(LogLevel::Info, "astm " + _peer + ": connected");
  read();
}

void AstmConnection::read() {
  if (_reading || _closed || _storing) return;
  _reading = true;
  _socket.async_read_some(asio::buffer(_buffer), [self = shared_from_this()](const boost::system::error_code& ec,
                                                                              std::size_t n) {
    self->_reading = false;
    if (ec) {
      self->closed(ec == asio::error::eof ? "closed by the instrument" : ec.message());
      return;
    }
    self->_input.append(self->_buffer.data(), n);
    self->process();
  });
}

void AstmConnection::process() {
  bool replied = false;
  while (!_storing && !_input.empty()) {
    const std::size_t used = _receiver.consume(_input);
    _input.erase(0, used);
    auto replies = _receiver.takeReplies();
    if (!replies.empty()) {
      replied = true;
      send(std::move(replies));
    }
    if (_receiver.state() == AstmReceiver::State::AwaitingStore) {
      _storing = true;
      auto messages = _receiver.takeCompletedMessages();
      asio::post(_context.storeThreads, [self = shared_from_this(), messages = std::move(messages)] {
        auto worst = StoreOutcome::Kind::Stored;
        for (const auto& records : messages) {
          const auto kind = handleAstmMessage(records, self->_context.sink, self->_context.log, self->_peer);
          if (static_cast<int>(kind) > static_cast<int>(worst)) worst = kind;
        }
        asio::post(self->_socket.get_executor(), [self, worst] { self->stored(worst); });
      });
      _timer.cancel();  // the sender waits for us now, not the other way round
      ++_timerGeneration;
      return;
    }
    if (used == 0) break;
  }
  if (replied) armTimer();
  if (!_receiver.expectsFrame()) {
    _timer.cancel();
    ++_timerGeneration;
  }
  read();
}

void AstmConnection::stored(StoreOutcome::Kind outcome) {
  _storing = false;
  _receiver.resolve(outcome);
  auto replies = _receiver.takeReplies();
  if (_closed) return;
  if (!replies.empty()) send(std::move(replies));
  armTimer();
  process();
}

void AstmConnection::armTimer() {
  if (_closed || !_receiver.expectsFrame()) return;
  const unsigned generation = ++_timerGeneration;
  _timer.expires_after(_context.options.astm.frameTimeout);
  _timer.async_wait([self = shared_from_this(), generation](const boost::system::error_code& ec) {
    if (ec || generation != self->_timerGeneration || self->_closed || self->_storing) return;
    self->_receiver.timeout();
  });
}

void AstmConnection::send(std::string bytes) {
  if (_closed) return;
  _writes.push_back(std::move(bytes));
  if (_writes.size() == 1) writeNext();
}

void AstmConnection::writeNext() {
  asio::async_write(_socket, asio::buffer(_writes.front()),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      if (ec) {
                        self->closed("write failed: " + ec.message());
                        return;
                      }
                      self->_writes.pop_front();
                      if (!self->_writes.empty() && !self->_closed) self->writeNext();
                    });
}

void AstmConnection::closed(const std::string& why) {
  if (_closed) return;
  _closed = true;
  _receiver.connectionLost();
  _timer.cancel();
  ++_timerGeneration;
  boost::system::error_code ignored;
  _socket.close(ignored);
  _context.log(LogLevel::Info, "astm " + _peer + ": disconnected (" + why + ")");
}

}  // namespace natlims::links
