// The server's own keep-alive connection loop (http/ApiConnection): several requests on one
// connection, an idle connection closed at the keep-alive timeout, a malformed request answered
// 400 and the connection closed.
#include <catch2/catch.hpp>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <fstream>

#include "ServerFixture.h"

using natlims::test::ServerFixture;

namespace {

// Reads one HTTP response with a Content-Length (headers and body) from `s`.
std::string readResponse(Poco::Net::StreamSocket& s) {
  std::string data;
  char buf[4096];
  for (;;) {
    const auto end = data.find("\r\n\r\n");
    if (end != std::string::npos) {
      const auto at = data.find("Content-Length: ");
      const std::size_t length = at == std::string::npos ? 0 : std::stoul(data.substr(at + 16));
      if (data.size() >= end + 4 + length) return data;
    }
    const int n = s.receiveBytes(buf, sizeof buf);
    if (n <= 0) return data;
    data.append(buf, static_cast<std::size_t>(n));
  }
}

}  // namespace

TEST_CASE("a connection serves many requests, and closes when idle past the keep-alive timeout", "[server][http]") {
  natlims::test::TempDir cfgDir;
  std::ofstream(cfgDir.file("lims.ini")) << "[server]\nkeep_alive_seconds = 1\n";
  ServerFixture f({"--config", cfgDir.file("lims.ini")});
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(f.server.port())));
  s.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < 3; ++i) {
    s.sendBytes(get.data(), static_cast<int>(get.size()));
    const auto r = readResponse(s);
    CHECK(r.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(r.find("Connection: Keep-Alive") != std::string::npos);
    CHECK(r.find(R"({"status":"ok"})") != std::string::npos);
  }
  // Two requests sent at once are both answered, in order.
  const std::string two = get + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n";
  s.sendBytes(two.data(), static_cast<int>(two.size()));
  std::string both = readResponse(s);
  if (both.find("HTTP/1.1 404") == std::string::npos) both += readResponse(s);
  CHECK(both.find("HTTP/1.1 200") < both.find("HTTP/1.1 404"));
  // Idle for longer than the timeout: the server closes its end (a read sees end of stream).
  const auto idleFrom = std::chrono::steady_clock::now();
  char c = 0;
  CHECK(s.receiveBytes(&c, 1) == 0);
  const auto waited = std::chrono::steady_clock::now() - idleFrom;
  CHECK(waited >= std::chrono::milliseconds(800));
  CHECK(waited < std::chrono::seconds(4));
}

TEST_CASE("a malformed request gets 400 and the connection closes; the server goes on", "[server][http]") {
  ServerFixture f;
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(f.server.port())));
  s.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::string junk = std::string(9000, 'A') + "\r\n\r\n";  // a request line longer than HTTP allows
  s.sendBytes(junk.data(), static_cast<int>(junk.size()));
  const auto r = readResponse(s);
  CHECK(r.rfind("HTTP/1.1 400", 0) == 0);
  char c = 0;
  CHECK(s.receiveBytes(&c, 1) == 0);
  natlims::test::HttpClient ok(f.server.baseUrl());
  CHECK(ok.get("/healthz").status == 200);
}

TEST_CASE("a stop ends idle keep-alive connections at once and exits cleanly", "[server][http]") {
  ServerFixture f;  // keep-alive timeout 15 s
  Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(f.server.port())));
  s.setReceiveTimeout(Poco::Timespan(10, 0));
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  s.sendBytes(get.data(), static_cast<int>(get.size()));
  REQUIRE(readResponse(s).rfind("HTTP/1.1 200", 0) == 0);
  const auto stopFrom = std::chrono::steady_clock::now();
  CHECK(f.server.stop() == 0);
  CHECK(std::chrono::steady_clock::now() - stopFrom < std::chrono::seconds(5));
  char c = 0;
  int n = -1;
  try {
    n = s.receiveBytes(&c, 1);
  } catch (const Poco::Exception&) {
    n = 0;  // reset by the closing server: closed as well
  }
  CHECK(n == 0);
}
