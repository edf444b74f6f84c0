#include "natlims/reporting/Endpoint.h"

#include <cctype>

namespace natlims::reporting {

namespace {

EndpointParse refuse(std::string why) { return {std::nullopt, std::move(why)}; }

}  // namespace

EndpointParse parseEndpoint(std::string_view url) {
  Endpoint e;
  e.url = std::string(url);
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return refuse("is not a URL (expected http://, https:// or mllp://)");
  std::string scheme;
  for (char c : url.substr(0, colon)) scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (scheme == "http") e.scheme = Endpoint::Scheme::Http, e.port = 80;
  else if (scheme == "https") e.scheme = Endpoint::Scheme::Https, e.port = 443;
  else if (scheme == "mllp") e.scheme = Endpoint::Scheme::Mllp;
  else return refuse("has the scheme '" + scheme + "' (expected http, https or mllp)");

  std::string_view rest = url.substr(colon + 3);
  if (rest.find('#') != std::string_view::npos) return refuse("has a fragment (#...)");
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    if (e.scheme == Endpoint::Scheme::Mllp) {
      const std::string_view tail = rest.substr(slash);
      if (tail != "/") return refuse("mllp:// takes no path");
    } else {
      e.path = std::string(rest.substr(slash));
      if (e.path.front() == '?') e.path.insert(e.path.begin(), '/');
    }
  }
  if (authority.find('@') != std::string_view::npos)
    return refuse("holds credentials (user@): put the token in the configuration, not in the URL");
  for (char c : e.path)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return refuse("has blanks or control characters in its path");

  std::string_view portText;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return refuse("has an unterminated [IPv6] host");
    e.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return refuse("has text after the [IPv6] host");
      portText = after.substr(1);
      if (portText.empty()) return refuse("has an empty port");
    }
  } else {
    const std::size_t portColon = authority.rfind(':');
    e.host = std::string(authority.substr(0, portColon));
    if (portColon != std::string_view::npos) {
      portText = authority.substr(portColon + 1);
      if (portText.empty()) return refuse("has an empty port");
    }
  }
  if (e.host.empty()) return refuse("has no host");
  for (char c : e.host) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '_';
    if (!ok) return refuse("has a character not allowed in a host name");
  }
  if (!portText.empty()) {
    unsigned long port = 0;
    for (char c : portText) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || port > 65535) return refuse("has a port that is not 1..65535");
      port = port * 10 + static_cast<unsigned long>(c - '0');
    }
    if (port < 1 || port > 65535) return refuse("has a port that is not 1..65535");
    e.port = static_cast<std::uint16_t>(port);
  } else if (e.scheme == Endpoint::Scheme::Mllp) {
    return refuse("mllp:// needs a port (mllp://host:port)");
  }
  return {std::move(e), {}};
}

}  // namespace natlims::reporting
