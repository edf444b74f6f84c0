// A server older than POST /api/v1/registrations/batch: a minimal stand-in on loopback that
// answers the batch path 404 and counts what the station sends instead.
#include <catch2/catch.hpp>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "ProcessSupport.h"
#include "StationSessionSupport.h"
#include "natlims/station/Station.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

namespace {

struct OldServerLog {
  std::atomic<int> batchCalls{0};
  std::mutex mutex;
  std::set<std::string> keys;  // Idempotency-Keys of single registrations
  std::atomic<int> singles{0};
};

class OldServerHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit OldServerHandler(OldServerLog& log) : _log(log) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    const std::string& uri = req.getURI();
    int status = 404;
    std::string answer = R"({"error":{"code":"not_found","message":"no such route"}})";
    if (uri == "/api/v1/session") {
      status = 201;
      answer = R"({"token":"t"})";
    } else if (uri == "/api/v1/campaigns") {
      status = 200;
      answer = R"({"campaigns":[{"id":1,"name":"Round 1","pool_size":10}]})";
    } else if (uri == "/api/v1/registrations/batch") {
      ++_log.batchCalls;
    } else if (uri == "/api/v1/registrations") {
      const int n = ++_log.singles;
      std::lock_guard lock(_log.mutex);
      _log.keys.insert(req.get("Idempotency-Key", ""));
      status = 201;
      answer = "{\"id\":" + std::to_string(n) + "}";
    } else if (uri.rfind("/api/v1/tubes/", 0) == 0) {
      status = 200;
      answer = R"({"state":"closed"})";
    }
    res.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    res.setContentType("application/json");
    res.setContentLength(static_cast<std::streamsize>(answer.size()));
    res.send() << answer;
  }

 private:
  OldServerLog& _log;
};

class OldServerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit OldServerFactory(OldServerLog& log) : _log(log) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new OldServerHandler(_log);
  }

 private:
  OldServerLog& _log;
};

}  // namespace

TEST_CASE("a station facing a server without the batch call (404) falls back to one request per registration",
          "[station][batch]") {
  TempDir dir;
  OldServerLog log;
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  Poco::Net::HTTPServer server(new OldServerFactory(log), socket, new Poco::Net::HTTPServerParams);
  server.start();

  StationSettings settings;
  settings.journalPath = dir.file("old.journal");
  settings.station = "S1";
  settings.user = "sampler1";
  settings.campaignId = 1;
  settings.poolSize = 10;
  settings.sync.serverUrl = "http://127.0.0.1:" + std::to_string(socket.address().port());
  settings.sync.password = "x";
  settings.sync.retryMin = std::chrono::milliseconds(20);
  {
    // Journaled with no server: a backlog of 30 registrations and 3 closes.
    StationSettings offline = settings;
    offline.startSync = false;
    Station st(offline);
    for (std::uint64_t t = 1; t <= 3; ++t) {
      st.scan(tubeCode(t));
      for (unsigned i = 0; i < 10; ++i) REQUIRE(st.scan(person(static_cast<unsigned>(t) * 100 + i)).status == Outcome::Status::Done);
    }
  }
  Station st(settings);
  for (int i = 0; i < 1000 && st.counts().queued > 0; ++i) {
    st.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server.stop();
  CHECK(st.counts().queued == 0);
  CHECK(st.counts().sent == 33);
  CHECK(st.counts().refused == 0);
  CHECK(log.batchCalls == 1);  // asked once; after the 404 one request per registration
  CHECK(log.singles == 30);
  CHECK(log.keys.size() == 30);  // each with its own key, each once
}
