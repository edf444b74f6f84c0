#pragma once

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include "http/Router.h"
#include "http/ServerContext.h"

namespace natlims::lims {

/// Handles one HTTP request: routes it, reads a bounded body, authenticates the bearer token,
/// checks the role, runs the handler and turns every failure into the contract's error JSON in
/// this one place. Records metrics and the access log line.
class ApiRequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  ApiRequestHandler(const Router& router, ServerContext& context) : _router(router), _context(context) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

 private:
  ApiResponse dispatch(Poco::Net::HTTPServerRequest& request, std::string& routeLabel, std::string& user,
                       bool& bodyConsumed);

  const Router& _router;
  ServerContext& _context;
};

class ApiRequestHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  ApiRequestHandlerFactory(const Router& router, ServerContext& context) : _router(router), _context(context) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new ApiRequestHandler(_router, _context);
  }

 private:
  const Router& _router;
  ServerContext& _context;
};

/// The contract's error body for `status`, `code`, `message` and `field`.
std::string errorJson(const std::string& code, const std::string& message, const std::string& field);

}  // namespace natlims::lims
