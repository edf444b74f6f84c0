#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace natlims::reporting {

/// A parsed endpoint URL of the reporting or health-code configuration.
struct Endpoint {
  enum class Scheme { Http, Https, Mllp };
  Scheme scheme = Scheme::Http;
  std::string host;
  std::uint16_t port = 0;   // the URL's, or 80 / 443 by scheme; mllp requires one
  std::string path = "/";   // path and query, http(s) only
  std::string url;          // as given, for messages and logs (credentials never allowed in it)
};

/// The outcome of parsing: the endpoint or a reason.
struct EndpointParse {
  std::optional<Endpoint> endpoint;
  std::string error;
};

/// Parses "http://host[:port][/path]", "https://...", "mllp://host:port". Refuses other schemes,
/// user:password@ (credentials belong in the configuration's token, not in a URL that is logged),
/// fragments, an empty host and ports outside 1..65535. Never throws.
EndpointParse parseEndpoint(std::string_view url);

}  // namespace natlims::reporting
