#include "natlims/links/LinkServer.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <future>
#include <list>
#include <mutex>
#include <system_error>
#include <thread>

#include "AstmConnection.h"
#include "Hl7Connection.h"
#include "LinkContext.h"

namespace natlims::links {

namespace asio = boost::asio;
using asio::ip::tcp;

class LinkServer::Impl {
 public:
  Impl(RunSink& sink, LinkServerOptions options, LogSink log)
      : _storeThreads(options.storeThreads == 0 ? 1 : options.storeThreads),
        _context{_io, _storeThreads, sink, options, log ? std::move(log) : nullLog()} {}

  ~Impl() { stop(); }

  enum class Protocol { Astm, Hl7 };

  std::uint16_t listen(Protocol protocol, const std::string& address, std::uint16_t port) {
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec) throw std::system_error(ec, "bad listen address '" + address + "'");
    tcp::endpoint endpoint(ip, port);
    auto& acceptor = _acceptors.emplace_back(Listener{protocol, tcp::acceptor(_io)}).acceptor;
    acceptor.open(endpoint.protocol());
    // SO_REUSEADDR only (a restarted gateway rebinds at once); no SO_REUSEPORT, so a port in use
    // is an error instead of a silent second listener.
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint, ec);
    if (ec) {
      _acceptors.pop_back();
      throw std::system_error(ec, "cannot listen on " + address + ":" + std::to_string(port));
    }
    acceptor.listen();
    return acceptor.local_endpoint().port();
  }

  void start() {
    if (_thread.joinable()) return;
    for (auto& listener : _acceptors) accept(listener);
    _thread = std::thread([this] { _io.run(); });
  }

  void stop() {
    std::lock_guard<std::mutex> lock(_stopMutex);
    if (_stopped) return;
    _stopped = true;
    if (_thread.joinable()) {
      std::promise<void> closed;
      asio::post(_io, [this, &closed] {
        for (auto& listener : _acceptors) {
          boost::system::error_code ignored;
          listener.acceptor.close(ignored);
        }
        closed.set_value();
      });
      closed.get_future().wait();
      _storeThreads.join();  // stores in progress finish (their ACKs may still go out)
      _io.stop();
      _thread.join();
    } else {
      _storeThreads.join();
    }
  }

 private:
  struct Listener {
    Protocol protocol;
    tcp::acceptor acceptor;
  };

  void accept(Listener& listener) {
    listener.acceptor.async_accept([this, &listener](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec) {
        if (ec == asio::error::operation_aborted) return;
        // Out of file descriptors and the like: try again shortly instead of spinning.
        _context.log(LogLevel::Error, std::string("accept failed: ") + ec.message());
        auto retry = std::make_shared<asio::steady_timer>(_io, std::chrono::milliseconds(100));
        retry->async_wait([this, &listener, retry](const boost::system::error_code& waitError) {
          if (!waitError && listener.acceptor.is_open()) accept(listener);
        });
        return;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (listener.protocol == Protocol::Astm) {
        std::make_shared<AstmConnection>(std::move(socket), _context)->start();
      } else {
        std::make_shared<Hl7Connection>(std::move(socket), _context)->start();
      }
      accept(listener);
    });
  }

  asio::io_context _io;  // first: destroyed last, after everything that refers to it
  asio::thread_pool _storeThreads;
  LinkContext _context;
  std::list<Listener> _acceptors;  // a list: accept handlers hold references
  std::thread _thread;
  std::mutex _stopMutex;
  bool _stopped = false;
};

LinkServer::LinkServer(RunSink& sink, LinkServerOptions options, LogSink log)
    : _impl(std::make_unique<Impl>(sink, options, std::move(log))) {}

LinkServer::~LinkServer() = default;

std::uint16_t LinkServer::listenAstm(const std::string& address, std::uint16_t port) {
  return _impl->listen(Impl::Protocol::Astm, address, port);
}

std::uint16_t LinkServer::listenHl7(const std::string& address, std::uint16_t port) {
  return _impl->listen(Impl::Protocol::Hl7, address, port);
}

void LinkServer::start() { _impl->start(); }

void LinkServer::stop() { _impl->stop(); }

}  // namespace natlims::links
