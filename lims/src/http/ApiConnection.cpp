#include "http/ApiConnection.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>

#include <memory>

namespace natlims::lims {

namespace {

void sendError(Poco::Net::HTTPServerSession& session, Poco::Net::HTTPResponse::HTTPStatus status) {
  Poco::Net::HTTPServerResponseImpl response(session);
  response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
  response.setStatusAndReason(status);
  response.setKeepAlive(false);
  response.send();
}

}  // namespace

bool OpenConnections::enter(const void* id, const Poco::Net::StreamSocket& socket) {
  std::lock_guard lock(_mutex);
  if (_stopping) return false;
  _open.emplace(id, Entry{socket, true});
  return true;
}

bool OpenConnections::busy(const void* id) {
  std::lock_guard lock(_mutex);
  _open.at(id).idle = false;
  return !_stopping;
}

bool OpenConnections::idle(const void* id) {
  std::lock_guard lock(_mutex);
  _open.at(id).idle = true;
  return !_stopping;
}

void OpenConnections::leave(const void* id) {
  std::lock_guard lock(_mutex);
  _open.erase(id);
}

void OpenConnections::stop() {
  std::lock_guard lock(_mutex);
  _stopping = true;
  for (auto& [id, entry] : _open) {
    if (!entry.idle) continue;
    try {
      entry.socket.shutdownReceive();  // the waiting receive returns end of stream
    } catch (...) {
      // Already closed by the client.
    }
  }
}

void ApiConnection::run() {
  if (!_open.enter(this, socket())) return;
  try {
    serve();
  } catch (...) {
    _open.leave(this);
    throw;
  }
  _open.leave(this);
}

void ApiConnection::serve() {
  using namespace Poco::Net;
  HTTPServerSession session(socket(), _params);
  // The idle wait between requests (and the wait for a slow client's bytes) is the socket's
  // receive timeout: a blocking recv() that gives up after it. Set after the session, whose
  // constructor sets the socket's timeouts from params->getTimeout().
  socket().setReceiveTimeout(_params->getKeepAliveTimeout());
  // Poco's session counts keep-alive requests in hasMoreRequests(), which is not called here:
  // the count (0 = unlimited) is kept here instead of session.canKeepAlive().
  const int maxRequests = _params->getMaxKeepAliveRequests();
  int served = 0;
  for (;;) {
    try {
      HTTPServerResponseImpl response(session);
      HTTPServerRequestImpl request(response, session, _params);  // reads the request line and headers
      if (!_open.busy(this)) {
        // Read after the stop began: not served, so that nothing starts once stopping.
        sendError(session, HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
        return;
      }
      response.setDate(Poco::Timestamp());
      response.setVersion(request.getVersion());
      const bool mayKeepAlive = _params->getKeepAlive() && (maxRequests <= 0 || ++served < maxRequests);
      response.setKeepAlive(mayKeepAlive && request.getKeepAlive());
      std::unique_ptr<HTTPRequestHandler> handler(_factory->createRequestHandler(request));
      if (!handler) {
        sendError(session, HTTPResponse::HTTP_NOT_IMPLEMENTED);
        return;
      }
      if (request.getExpectContinue() && response.getStatus() == HTTPResponse::HTTP_OK) response.sendContinue();
      handler->handleRequest(request, response);
      if (!(mayKeepAlive && response.getKeepAlive())) return;
      if (!_open.idle(this)) return;
    } catch (const NoMessageException&) {
      return;  // the client closed the connection between requests (or the stop shut it)
    } catch (const Poco::TimeoutException&) {
      return;  // idle longer than the keep-alive timeout
    } catch (const MessageException&) {
      try {
        sendError(session, HTTPResponse::HTTP_BAD_REQUEST);
      } catch (...) {
      }
      return;
    } catch (const Poco::Exception&) {
      return;  // a broken connection: nobody to answer
    }
  }
}

}  // namespace natlims::lims
