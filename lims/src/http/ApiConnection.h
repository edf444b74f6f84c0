#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <mutex>
#include <unordered_map>

namespace natlims::lims {

/// The server's open connections and whether each waits for a request (idle) or serves one, so
/// that a stop ends the idle ones at once (their waiting receive sees end of stream) and lets
/// the busy ones finish the request in hand, instead of every connection lingering until its
/// keep-alive timeout and serving requests that arrive meanwhile.
class OpenConnections {
 public:
  /// A new connection, idle; false when the server is stopping (the connection just closes).
  bool enter(const void* id, const Poco::Net::StreamSocket& socket);
  /// A request was read: false when stopping (it is refused, not served).
  bool busy(const void* id);
  /// The answer was sent; back to waiting: false when stopping.
  bool idle(const void* id);
  void leave(const void* id);
  /// From now on nothing new is served; idle connections are shut for reading.
  void stop();

 private:
  struct Entry {
    Poco::Net::StreamSocket socket;
    bool idle = true;
  };
  std::mutex _mutex;
  bool _stopping = false;
  std::unordered_map<const void*, Entry> _open;
};

/// One keep-alive HTTP/1.1 connection, served like Poco's HTTPServerConnection but waiting for
/// the next request in a blocking receive with a timeout instead of a poll.
///
/// Why: Poco 1.11 polls a connection before every request with a fresh epoll set (epoll_create,
/// epoll_ctl, epoll_wait, close): four system calls and a file to tear down per request, ~11 %
/// of the server's CPU under the lookup benchmark. A receive that blocks with SO_RCVTIMEO waits
/// the same way with none of that.
class ApiConnection final : public Poco::Net::TCPServerConnection {
 public:
  ApiConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                Poco::Net::HTTPRequestHandlerFactory::Ptr factory, OpenConnections& open)
      : TCPServerConnection(socket), _params(std::move(params)), _factory(std::move(factory)), _open(open) {}

  void run() override;

 private:
  void serve();

  Poco::Net::HTTPServerParams::Ptr _params;
  Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
  OpenConnections& _open;
};

class ApiConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  ApiConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                       OpenConnections& open)
      : _params(std::move(params)), _factory(std::move(factory)), _open(open) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new ApiConnection(socket, _params, _factory, _open);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr _params;
  Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
  OpenConnections& _open;
};

}  // namespace natlims::lims
