#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "natlims/reporting/DeliveryOutcome.h"
#include "natlims/reporting/Endpoint.h"
#include "natlims/reporting/TransportOptions.h"

namespace Poco::Net {
class HTTPClientSession;
}

namespace natlims::reporting::detail {

/// One POST to make.
struct HttpPost {
  std::string body;
  std::string contentType;
  std::string accept;
  std::string idempotencyKey;  // sent as Idempotency-Key when not empty
};

/// A keep-alive HTTP(S) connection to one endpoint, and the one place where an HTTP answer is
/// classified for every transport of this library:
///   2xx                      Delivered
///   408, 429, 5xx            Transient (Retry-After kept when given in seconds)
///   other 4xx, 3xx, 1xx      Rejected (redirects are not followed)
///   connect / TLS / timeout / connection lost before an answer   Transient
/// After any failure the connection is dropped and the next post opens a new one.
class HttpChannel {
 public:
  HttpChannel(Endpoint endpoint, NetworkOptions options);
  ~HttpChannel();
  HttpChannel(const HttpChannel&) = delete;
  HttpChannel& operator=(const HttpChannel&) = delete;

  /// One attempt; never throws for network trouble. `identities` are masked in the detail.
  DeliveryOutcome post(const HttpPost& request, const std::vector<std::string>& identities);

 private:
  Poco::Net::HTTPClientSession& session();

  Endpoint _endpoint;
  NetworkOptions _options;
  std::unique_ptr<Poco::Net::HTTPClientSession> _session;
};

}  // namespace natlims::reporting::detail
