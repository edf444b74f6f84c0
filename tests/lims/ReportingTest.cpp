#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <thread>

#include "ServerFixture.h"

using natlims::test::HttpClient;
using natlims::test::ServerFixture;
using natlims::test::TempDir;

namespace {

// A public-health (FHIR) or health-code receiver: a real HTTP server on loopback that records
// what it receives and answers 503 while `down` is set.
struct Receiver {
  struct Request {
    std::string path, body, idempotencyKey;
  };
  std::mutex mutex;
  std::vector<Request> received;  // guarded by mutex
  std::atomic<bool> down{false};
  std::unique_ptr<Poco::Net::HTTPServer> server;

  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(Receiver& r) : _r(r) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
      std::string body;
      Poco::StreamCopier::copyToString(req.stream(), body);
      if (_r.down) {
        res.setStatus(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
        res.send() << "down";
        return;
      }
      {
        std::lock_guard lock(_r.mutex);
        _r.received.push_back({req.getURI(), body, req.get("Idempotency-Key", "")});
      }
      res.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
      res.setContentType("application/json");
      res.send() << "{}";
    }

   private:
    Receiver& _r;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(Receiver& r) : _r(r) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Handler(_r); }

   private:
    Receiver& _r;
  };

  Receiver() {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
    socket.listen();
    server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, new Poco::Net::HTTPServerParams);
    server->start();
  }
  ~Receiver() { server->stopAll(true); }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(server->port()) + path; }
  std::vector<Request> snapshot() {
    std::lock_guard lock(mutex);
    return received;
  }
};

// An HL7 receiver speaking MLLP: answers AA with the control id of each message.
struct MllpReceiver {
  Poco::Net::ServerSocket socket;
  std::thread thread;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<std::string> messages;  // guarded by mutex

  MllpReceiver() {
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
    socket.listen();
    thread = std::thread([this] {
      while (!stop) {
        if (!socket.poll(Poco::Timespan(0, 100000), Poco::Net::Socket::SELECT_READ)) continue;
        Poco::Net::StreamSocket s = socket.acceptConnection();
        s.setReceiveTimeout(Poco::Timespan(5, 0));
        std::string buffer;
        char chunk[4096];
        try {
          while (!stop) {
            const int n = s.receiveBytes(chunk, sizeof chunk);
            if (n <= 0) break;
            buffer.append(chunk, static_cast<std::size_t>(n));
            std::size_t end;
            while ((end = buffer.find("\x1c\r")) != std::string::npos) {
              const std::string msg = buffer.substr(1, end - 1);
              buffer.erase(0, end + 2);
              // MSH-10 is the 10th field of the first segment.
              const std::string msh = msg.substr(0, msg.find('\r'));
              std::size_t pos = 0;
              for (int f = 0; f < 9; ++f) pos = msh.find('|', pos) + 1;
              const std::string control = msh.substr(pos, msh.find('|', pos) - pos);
              {
                std::lock_guard lock(mutex);
                messages.push_back(msg);
              }
              const std::string ack = "\x0bMSH|^~\\&|PH|CDC|NATLIMS|LAB|20261201000000||ACK^R01^ACK|A" + control +
                                      "|P|2.5.1\rMSA|AA|" + control + "\r\x1c\r";
              s.sendBytes(ack.data(), static_cast<int>(ack.size()));
            }
          }
        } catch (...) {
        }
      }
    });
  }
  ~MllpReceiver() {
    stop = true;
    thread.join();
  }
  int port() const { return socket.address().port(); }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return messages;
  }
};

std::string jsonList(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ",\"" : "\"") + v[i] + "\"";
  return s + "]";
}

// Registers 20 people in two pooled tubes, ships, plates, imports a run where tube 0 is positive
// and releases it; returns the tubes.
std::vector<std::string> runWithOnePositivePool(ServerFixture& f, std::int64_t campaign) {
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tec", "lab_tech");
  auto reviewer = f.userClient("rev", "lab_reviewer");
  const auto tubes = f.tubes(*sampler, 2);
  for (int i = 0; i < 20; ++i)
    REQUIRE(sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tubes[static_cast<std::size_t>(i / 10)],
                                                                               ServerFixture::residentId(i), "居民" + std::to_string(i)))
                .status == 201);
  const auto box = sampler->post("/api/v1/box-codes", R"({"count":1})").json()->getArray("codes")->getElement<std::string>(0);
  REQUIRE(sampler->post("/api/v1/boxes", R"({"code":")" + box + R"(","tubes":)" + jsonList(tubes) + "}").status == 201);
  REQUIRE(tech->post("/api/v1/boxes/" + box + "/receive", R"({"tubes":)" + jsonList(tubes) + "}").status == 200);
  const auto plate = tech->post("/api/v1/plates", R"({"tubes":)" + jsonList(tubes) + "}").json();
  std::string wells;
  auto list = plate->getArray("wells");
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto w = list->getObject(static_cast<unsigned>(i));
    const auto kind = w->getValue<std::string>("kind");
    const std::string name = kind == "sample" ? w->getValue<std::string>("tube") : w->getValue<std::string>("name");
    const bool pos = kind == "positive_control" || name == tubes[0];
    for (const auto& [target, dye] : {std::pair{"ORF1ab", "FAM"}, std::pair{"N", "VIC"}, std::pair{"IC", "CY5"}}) {
      std::string ct = std::string(target) == "IC" ? (kind == "negative_control" ? "null" : "28") : (pos ? "25.5" : "null");
      wells += std::string(wells.empty() ? "" : ",") + R"({"well":")" + w->getValue<std::string>("well") + R"(","sample":")" + name +
               R"(","target":")" + target + R"(","dye":")" + dye + R"(","ct":)" + ct + "}";
    }
  }
  const auto run = tech->post("/api/v1/runs", R"({"format":"natlims-results-v1","instrument":"t","run_id":"r","wells":[)" + wells + "]}");
  REQUIRE(run.status == 201);
  REQUIRE(reviewer->post("/api/v1/runs/" + std::to_string(run.json()->getValue<std::int64_t>("id")) + "/release", "").status == 200);
  return tubes;
}

template <class F>
bool waitFor(F condition, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

}  // namespace

TEST_CASE("a positive pool is reported as a FHIR bundle, results are pushed, and a receiver that was down gets each exactly once",
          "[server][reporting]") {
  Receiver publicHealth, healthCode;
  publicHealth.down = true;  // the public-health receiver is down at release
  TempDir cfgDir;
  const std::string cfg = cfgDir.file("lims.ini");
  std::ofstream(cfg) << "[reporting]\nendpoint = " << publicHealth.url("/fhir") << "\n[healthcode]\nendpoint = "
                     << healthCode.url("/results") << "\n";
  ServerFixture f({"--config", cfg});
  const auto campaign = f.campaign(10);
  const auto tubes = runWithOnePositivePool(f, campaign);

  // The health-code system gets every released person (20), with full identities, once.
  REQUIRE(waitFor([&] { return !healthCode.snapshot().empty(); }, 10));
  auto batches = healthCode.snapshot();
  REQUIRE(batches.size() == 1);
  CHECK(!batches[0].idempotencyKey.empty());
  CHECK(batches[0].body.find(ServerFixture::residentId(15)) != std::string::npos);
  CHECK(batches[0].body.find("pool_positive") != std::string::npos);

  // While public health is down nothing is delivered; the dashboard shows the report pending.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(publicHealth.snapshot().empty());
  auto positives = f.admin->get("/api/v1/campaigns/" + std::to_string(campaign) + "/dashboard").json()->getArray("positives");
  REQUIRE(positives->size() == 1);
  CHECK(positives->getObject(0)->getValue<std::string>("report_state") == "pending");

  // It comes back: the report arrives (within the SLA), exactly once.
  publicHealth.down = false;
  REQUIRE(waitFor([&] { return !publicHealth.snapshot().empty(); }, 20));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const auto reports = publicHealth.snapshot();
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].body.find("\"resourceType\":\"Bundle\"") != std::string::npos);
  CHECK(reports[0].body.find(tubes[0]) != std::string::npos);
  CHECK(reports[0].body.find("94500-6") != std::string::npos);
  positives = f.admin->get("/api/v1/campaigns/" + std::to_string(campaign) + "/dashboard").json()->getArray("positives");
  CHECK(positives->getObject(0)->getValue<std::string>("report_state") == "delivered");
  CHECK(healthCode.snapshot().size() == 1);
  // A restart does not send anything again.
  f.server.stop();
  f.server.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(publicHealth.snapshot().size() == 1);
  CHECK(healthCode.snapshot().size() == 1);
}

TEST_CASE("a positive is reported as HL7 ORU^R01 over MLLP", "[server][reporting]") {
  MllpReceiver publicHealth;
  TempDir cfgDir;
  const std::string cfg = cfgDir.file("lims.ini");
  std::ofstream(cfg) << "[reporting]\nendpoint = mllp://127.0.0.1:" << publicHealth.port() << "\n";
  ServerFixture f({"--config", cfg});
  const auto campaign = f.campaign(10);
  const auto tubes = runWithOnePositivePool(f, campaign);
  REQUIRE(waitFor([&] { return !publicHealth.snapshot().empty(); }, 15));
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  const auto messages = publicHealth.snapshot();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].rfind("MSH|", 0) == 0);
  CHECK(messages[0].find("ORU^R01") != std::string::npos);
  CHECK(messages[0].find(tubes[0]) != std::string::npos);
  CHECK(messages[0].find("OBX|") != std::string::npos);
}

TEST_CASE("a correction after release is a new version, re-sent as a correction", "[server][reporting][correction]") {
  Receiver publicHealth, healthCode;
  TempDir cfgDir;
  const std::string cfg = cfgDir.file("lims.ini");
  std::ofstream(cfg) << "[reporting]\nendpoint = " << publicHealth.url("/fhir") << "\n[healthcode]\nendpoint = "
                     << healthCode.url("/results") << "\n";
  ServerFixture f({"--config", cfg});
  const auto campaign = f.campaign(10);
  const auto tubes = runWithOnePositivePool(f, campaign);
  REQUIRE(waitFor([&] { return publicHealth.snapshot().size() == 1 && healthCode.snapshot().size() == 1; }, 15));
  auto reviewer = f.userClient("rev9", "lab_reviewer");
  auto tech = f.userClient("tec9", "lab_tech");
  CHECK(tech->post("/api/v1/results/" + tubes[0] + "/correct", R"({"result":"negative","reason":"x"})").status == 403);
  CHECK(reviewer->post("/api/v1/results/" + tubes[0] + "/correct", R"({"result":"negative"})").errorField() == "reason");
  const auto r = reviewer->post("/api/v1/results/" + tubes[0] + "/correct", R"({"result":"negative","reason":"sample mix-up at the bench"})");
  REQUIRE(r.status == 200);
  CHECK(r.json()->getValue<int>("version") == 2);
  REQUIRE(waitFor([&] { return publicHealth.snapshot().size() == 2 && healthCode.snapshot().size() == 2; }, 15));
  const auto reports = publicHealth.snapshot();
  CHECK(reports[1].body.find("corrected") != std::string::npos);
  CHECK(healthCode.snapshot()[1].body.find("\"status\":\"negative\"") != std::string::npos);
  // The people of the pool are negative now.
  const auto l = reviewer->post("/api/v1/results/lookup", R"({"id_type":"resident_id","id_number":")" + ServerFixture::residentId(3) +
                                                              R"(","name":"居民3"})");
  CHECK(l.json()->getValue<std::string>("status") == "negative");
  CHECK(reviewer->post("/api/v1/results/" + tubes[0] + "/correct", R"({"result":"negative","reason":"again"})").errorCode() == "same_result");
  // The daily report counts the day, zero or not, as CSV and as PDF.
  const auto csv = f.admin->get("/api/v1/reports/daily");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.find("sampled") != std::string::npos);
  const auto pdf = f.admin->get("/api/v1/reports/daily?format=pdf");
  CHECK(pdf.status == 200);
  CHECK(pdf.body.rfind("%PDF", 0) == 0);
  CHECK(f.admin->get("/api/v1/reports/daily?date=2026-02-30").errorField() == "date");
  CHECK(f.admin->get("/api/v1/reports/daily?date=2020-01-01").status == 200);  // a zero day still reports
}

TEST_CASE("repeat-testing protocols: enrol, then due and overdue tests from the person's samples", "[server][protocols]") {
  ServerFixture f;
  const auto protocols = f.admin->get("/api/v1/protocols");
  REQUIRE(protocols.status == 200);
  const std::string id = protocols.json()->getArray("protocols")->getObject(0)->getValue<std::string>("id");
  const auto e = f.admin->post("/api/v1/protocols/enrolments",
                               R"({"protocol":")" + id + R"(","id_type":"resident_id","id_number":")" + ServerFixture::residentId(7) +
                                   R"(","name":"赵七","start":"2026-01-01"})");
  REQUIRE(e.status == 201);
  CHECK(e.json()->getArray("tests")->size() >= 2);
  CHECK(f.admin->post("/api/v1/protocols/enrolments",
                      R"({"protocol":")" + id + R"(","id_type":"resident_id","id_number":")" + ServerFixture::residentId(7) +
                          R"(","name":"赵七","start":"2026-01-01"})").errorCode() == "already_enrolled");
  CHECK(f.admin->post("/api/v1/protocols/enrolments", R"({"protocol":"nope","id_type":"resident_id","id_number":"x","name":"a","start":"2026-01-01"})")
            .errorField() == "protocol");
  // Months later, with no sample taken, every test is overdue; identities are masked.
  const auto due = f.admin->get("/api/v1/protocols/due?date=2026-12-01");
  REQUIRE(due.status == 200);
  auto tests = due.json()->getArray("tests");
  REQUIRE(tests->size() >= 2);
  CHECK(tests->getObject(0)->getValue<std::string>("status") == "overdue");
  CHECK(due.body.find(ServerFixture::residentId(7)) == std::string::npos);
  // On the first day, the first test is due.
  const auto first = f.admin->get("/api/v1/protocols/due?date=2026-01-01").json()->getArray("tests");
  REQUIRE(first->size() >= 1);
  CHECK(first->getObject(0)->getValue<std::string>("status") == "due");
}
