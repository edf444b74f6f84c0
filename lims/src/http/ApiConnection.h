#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>

namespace natlims::lims {

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
                Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const std::atomic<bool>& stopping)
      : TCPServerConnection(socket), _params(std::move(params)), _factory(std::move(factory)), _stopping(stopping) {}

  void run() override;

 private:
  Poco::Net::HTTPServerParams::Ptr _params;
  Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
  const std::atomic<bool>& _stopping;
};

class ApiConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  ApiConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                       const std::atomic<bool>& stopping)
      : _params(std::move(params)), _factory(std::move(factory)), _stopping(stopping) {}

  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new ApiConnection(socket, _params, _factory, _stopping);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr _params;
  Poco::Net::HTTPRequestHandlerFactory::Ptr _factory;
  const std::atomic<bool>& _stopping;
};

}  // namespace natlims::lims
