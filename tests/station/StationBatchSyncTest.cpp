// A backlog drained through POST /api/v1/registrations/batch: the real sampling-station program
// against a real lims-server on loopback. The server's /metrics counts show which calls were used.
#include <catch2/catch.hpp>

#include "LimsServerFixture.h"
#include "StationSessionSupport.h"
#include "StationTestSupport.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

namespace {

constexpr const char* kSingle = "/api/v1/registrations";
constexpr const char* kBatch = "/api/v1/registrations/batch";

// `tubes` full tubes of 10 people each, people numbered from `first`.
std::vector<std::string> fullTubes(const std::vector<std::string>& tubes, unsigned first) {
  std::vector<std::string> script;
  for (const auto& t : tubes) {
    script.push_back(t);
    for (int i = 0; i < 10; ++i) script.push_back(person(first++));
  }
  return script;
}

// Runs `script` with the server down until every line is journaled and the station knows it is
// offline, then starts the server (a new process: its /metrics count only the drain).
std::unique_ptr<ChildProcess> backlogThenServer(Session& s, const std::vector<std::string>& script,
                                                const std::vector<std::string>& extra = {}) {
  s.server.stop();
  auto p = s.runScript(script, "s1.journal", "S1", LimsServer::kSampler, extra);
  REQUIRE(p->waitForLines(script.size(), std::chrono::seconds(120)));
  REQUIRE(p->waitForOutput("\"event\":\"offline\"", std::chrono::seconds(10)));
  s.server.start();
  return p;
}

// The first, a middle and the last tube hold 10 people each at the server.
void checkFull(Session& s, const std::vector<std::string>& tubes) {
  for (const auto* t : {&tubes.front(), &tubes[tubes.size() / 2], &tubes.back()}) {
    int count = 0;
    CHECK(s.server.closeTube(*t, &count) == "closed");
    CHECK(count == 10);
  }
}

}  // namespace

TEST_CASE("the station drains a backlog journaled while the server was down in batch calls, each person once",
          "[station][integration][batch]") {
  Session s;
  const auto tubes = s.server.tubeCodes(30);
  auto p = backlogThenServer(s, fullTubes(tubes, 1000));
  const int status = p->wait(std::chrono::seconds(60));
  INFO(p->errors());
  REQUIRE(status == 0);
  const Output out(*p);
  CHECK(out.done()->getValue<int>("sent") == 330);  // 300 registrations and 30 closes
  CHECK(out.done()->getValue<int>("refused") == 0);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{300, 300});
  // 300 registrations in batches of up to 250, not one request each; the closes one each.
  const auto batches = s.server.requests(kBatch, 200);
  CHECK(batches >= 2);
  CHECK(batches <= 10);
  CHECK(s.server.requests(kSingle) == 0);
  CHECK(s.server.requests("/api/v1/tubes/{code}/close", 200) == 30);
  checkFull(s, tubes);
}

TEST_CASE("an entry refused inside a station batch is marked refused and shown, the others are registered",
          "[station][integration][batch]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  // Person 60 is not in the register and comes without a name: the server refuses that entry.
  auto p = backlogThenServer(s, {tube, person(1), person(2), person(3), person(4), residentId(60), person(5), person(6),
                                 person(7), person(8), "close"});
  CHECK(p->wait(std::chrono::seconds(60)) == 1);  // something was refused
  const Output out(*p);
  const auto refused = out.eventsNamed("refused");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0]->getValue<std::string>("code") == "invalid");
  CHECK(refused[0]->getValue<std::string>("advice").find("name") != std::string::npos);
  CHECK(refused[0]->getValue<std::string>("message").find(residentId(60)) == std::string::npos);
  CHECK(refused[0]->getValue<std::int64_t>("seq") == out.byLine.at(6)->getArray("seq")->getElement<std::int64_t>(0));
  CHECK(out.done()->getValue<int>("sent") == 9);  // 8 registrations and the close
  CHECK(out.done()->getValue<int>("refused") == 1);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{8, 8});
  CHECK(s.server.requests(kBatch, 200) == 1);
  CHECK(s.server.requests(kSingle) == 0);
  int count = 0;
  CHECK(s.server.closeTube(tube, &count) == "closed");
  CHECK(count == 8);
}

TEST_CASE("kill -9 of the station in the middle of a batch drain, then a restart: every person registered exactly once",
          "[station][integration][batch]") {
  Session s;
  const auto tubes = s.server.tubeCodes(100);
  const auto script = fullTubes(tubes, 2000);
  // Small batches make the drain long enough (about a hundred batches) to be cut in the middle.
  const std::vector<std::string> smallBatches = {"--batch-size", "10"};
  auto first = backlogThenServer(s, script, smallBatches);
  ApiClient watch(s.server.url(), std::chrono::seconds(10));
  const std::string token = s.server.token(watch);
  const std::string progress = "/api/v1/campaigns/" + std::to_string(s.server.campaign()) + "/progress";
  auto registrations = [&] {
    return parseJson(watch.send("GET", progress, {}, token).body)->optValue<std::int64_t>("registrations", -1);
  };
  // Killed as soon as the first batch is committed at the server: its answer may well be lost.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (registrations() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  first->signal(SIGKILL);
  CHECK(first->wait(std::chrono::seconds(10)) == 128 + SIGKILL);
  const auto atKill = registrations();
  INFO("registrations at the kill: " << atKill);
  CHECK(atKill > 0);
  CHECK(atKill < 1000);  // in the middle of the drain

  auto second = s.runScript(script, "s1.journal", "S1", LimsServer::kSampler, smallBatches);
  const int status = second->wait(std::chrono::seconds(120));
  INFO(second->errors());
  REQUIRE(status == 0);
  const Output out(*second);
  CHECK(out.done()->getValue<int>("people") == 1000);
  CHECK(out.done()->getValue<int>("refused") == 0);
  CHECK(out.done()->getValue<int>("queued") == 0);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{1000, 1000});
  CHECK(s.server.requests(kBatch, 200) >= 100);
  CHECK(s.server.requests(kSingle) == 0);
  checkFull(s, tubes);
}
