#include "Hl7Connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <vector>

#include "MessageHandling.h"
#include "natlims/links/Hl7Ack.h"

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

Hl7Connection::Hl7Connection(asio::ip::tcp::socket socket, LinkContext& context)
    : _socket(std::move(socket)),
      _timer(_socket.get_executor()),
      _context(context),
      _peer(peerOf(_socket)),
      _framer(context.options.hl7.maxMessageBytes) {}

void Hl7Connection::start() {
  _context.log(LogLevel::Info, "hl7 " + _peer + ": connected");
  read();
}

void Hl7Connection::read() {
  // While a store runs the next messages wait framed in _events; reading on lets us notice a
  // drop (a sender waits for its ACK anyway: MLLP is one message at a time). A sender that does
  // not wait is read no further until the queue drains.
  constexpr std::size_t kMaxQueued = 16;
  if (_reading || _closed || _events.size() >= kMaxQueued) return;
  _reading = true;
  _socket.async_read_some(asio::buffer(_buffer), [self = shared_from_this()](const boost::system::error_code& ec,
                                                                              std::size_t n) {
    self->_reading = false;
    if (ec) {
      self->closed(ec == asio::error::eof ? "closed by the instrument" : ec.message());
      return;
    }
    std::vector<MllpEvent> events;
    self->_framer.feed(std::string_view(self->_buffer.data(), n), events);
    for (auto& e : events) self->_events.push_back(std::move(e));
    self->armTimer();
    self->process();
    self->read();
  });
}

void Hl7Connection::process() {
  while (!_storing && !_events.empty() && !_closed) {
    MllpEvent event = std::move(_events.front());
    _events.pop_front();
    switch (event.kind) {
      case MllpEvent::Kind::Dropped:
        _context.log(LogLevel::Warning, "hl7 " + _peer + ": " + event.reason);
        break;
      case MllpEvent::Kind::Rejected:
        send(mllpFrame(rejectHl7Block(event.text, event.reason, _context.log, _peer)));
        break;
      case MllpEvent::Kind::Message:
        _storing = true;
        asio::post(_context.storeThreads, [self = shared_from_this(), text = std::move(event.text)] {
          auto ack = handleHl7Message(text, self->_context.options.hl7, self->_context.sink, self->_context.log,
                                      self->_peer);
          asio::post(self->_socket.get_executor(), [self, ack = std::move(ack)]() mutable {
            self->_storing = false;
            self->send(mllpFrame(ack));
            self->process();
            self->read();
          });
        });
        break;
    }
  }
}

void Hl7Connection::armTimer() {
  const unsigned generation = ++_timerGeneration;
  if (!_framer.inMessage() || _closed) {
    _timer.cancel();
    return;
  }
  _timer.expires_after(_context.options.hl7.messageTimeout);
  _timer.async_wait([self = shared_from_this(), generation](const boost::system::error_code& ec) {
    if (ec || generation != self->_timerGeneration || self->_closed) return;
    const auto held = self->_framer.reset();
    self->_context.log(LogLevel::Warning, "hl7 " + self->_peer + ": incomplete message of " + std::to_string(held) +
                                              " bytes discarded after " +
                                              std::to_string(self->_context.options.hl7.messageTimeout.count()) +
                                              " ms without its end block; nothing of it is stored");
  });
}

void Hl7Connection::send(std::string bytes) {
  if (_closed) return;
  _writes.push_back(std::move(bytes));
  if (_writes.size() == 1) writeNext();
}

void Hl7Connection::writeNext() {
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

void Hl7Connection::closed(const std::string& why) {
  if (_closed) return;
  _closed = true;
  _timer.cancel();
  ++_timerGeneration;
  const auto held = _framer.reset();
  if (held > 0) {
    _context.log(LogLevel::Warning, "hl7 " + _peer + ": the connection dropped in the middle of a message (" +
                                        std::to_string(held) + " bytes): nothing of it is stored");
  }
  boost::system::error_code ignored;
  _socket.close(ignored);
  _context.log(LogLevel::Info, "hl7 " + _peer + ": disconnected (" + why + ")");
}

}  // namespace natlims::links
