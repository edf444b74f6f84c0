#include <catch2/catch.hpp>

#include "natlims/reporting/Endpoint.h"

using namespace natlims::reporting;
using Scheme = Endpoint::Scheme;

TEST_CASE("endpoint URLs are parsed: scheme, host, port and path", "[reporting][endpoint]") {
  struct Row {
    const char* url;
    Scheme scheme;
    const char* host;
    int port;
    const char* path;
  };
  const Row rows[] = {
      {"mllp://127.0.0.1:2575", Scheme::Mllp, "127.0.0.1", 2575, "/"},
      {"mllp://cdc-gw.example:6661/", Scheme::Mllp, "cdc-gw.example", 6661, "/"},
      {"http://127.0.0.1:8080/fhir", Scheme::Http, "127.0.0.1", 8080, "/fhir"},
      {"http://cdc.example", Scheme::Http, "cdc.example", 80, "/"},
      {"HTTPS://cdc.example/fhir/r4?tenant=x", Scheme::Https, "cdc.example", 443, "/fhir/r4?tenant=x"},
      {"https://cdc.example?tenant=x", Scheme::Https, "cdc.example", 443, "/?tenant=x"},
      {"http://[::1]:8080/x", Scheme::Http, "::1", 8080, "/x"},
  };
  for (const Row& row : rows) {
    INFO(row.url);
    const EndpointParse parsed = parseEndpoint(row.url);
    INFO(parsed.error);
    REQUIRE(parsed.endpoint);
    CHECK(parsed.endpoint->scheme == row.scheme);
    CHECK(parsed.endpoint->host == row.host);
    CHECK(parsed.endpoint->port == row.port);
    CHECK(parsed.endpoint->path == row.path);
    CHECK(parsed.endpoint->url == row.url);
  }
}

TEST_CASE("bad endpoint URLs are refused with a reason", "[reporting][endpoint]") {
  struct Row {
    const char* url;
    const char* error;
  };
  const Row rows[] = {
      {"", "is not a URL"},
      {"cdc.example:2575", "is not a URL"},
      {"ftp://cdc.example", "has the scheme 'ftp'"},
      {"mllp://cdc.example", "mllp:// needs a port"},
      {"mllp://cdc.example:2575/path", "mllp:// takes no path"},
      {"http://user:secret@cdc.example/", "holds credentials"},
      {"http://cdc.example:0/", "not 1..65535"},
      {"http://cdc.example:70000/", "not 1..65535"},
      {"http://cdc.example:/", "empty port"},
      {"http:///fhir", "has no host"},
      {"http://cdc example/", "not allowed in a host name"},
      {"http://cdc.example/a b", "blanks or control characters"},
      {"http://cdc.example/#frag", "fragment"},
  };
  for (const Row& row : rows) {
    INFO(row.url);
    const EndpointParse parsed = parseEndpoint(row.url);
    CHECK_FALSE(parsed.endpoint);
    CHECK(parsed.error.find(row.error) != std::string::npos);
    CHECK(parsed.error.find("secret") == std::string::npos);
  }
}
