#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "ServerFixture.h"

using natlims::test::HttpClient;
using natlims::test::ServerFixture;

namespace {

struct Acknowledged {
  std::string idNumber;
  std::int64_t registrationId;
};

// Reads (registration id, person id number) pairs straight from the database file.
std::vector<std::pair<std::int64_t, std::string>> storedRegistrations(const std::string& dbPath) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT r.id, p.id_number FROM registrations r JOIN persons p ON p.id = r.person_id", -1, &q, nullptr);
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (sqlite3_step(q) == SQLITE_ROW)
    out.emplace_back(sqlite3_column_int64(q, 0), reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("kill -9 under concurrent load loses no acknowledged registration and doubles none", "[server][crash]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  const auto campaign = f.campaign(10);
  constexpr int kWorkers = 8, kTubesPerWorker = 250;
  std::vector<std::string> codes;
  for (int i = 0; i < kWorkers * kTubesPerWorker / 500; ++i) {
    const auto more = f.tubes(*sampler, 500);
    codes.insert(codes.end(), more.begin(), more.end());
  }
  std::mutex mutex;
  std::vector<Acknowledged> acknowledged;  // guarded by mutex
  std::atomic<bool> stop{false};
  const std::string token = [&] {
    HttpClient c(f.server.baseUrl());
    c.login("sam", "password-sam");
    return c.post("/api/v1/session", R"({"username":"sam","password":"password-sam"})").json()->getValue<std::string>("token");
  }();
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      HttpClient c(f.server.baseUrl());
      c.setToken(token);
      // Each worker fills its own tubes so workers never compete for a place; the load runs until
      // the server dies under it.
      for (int i = 0; !stop && i < kTubesPerWorker * 10; ++i) {
        const int person = w * kTubesPerWorker * 10 + i;
        const std::string tube = codes[static_cast<std::size_t>(w * kTubesPerWorker + i / 10)];
        try {
          const auto r = c.post("/api/v1/registrations",
                                ServerFixture::registration(campaign, tube, ServerFixture::residentId(person)),
                                "application/json", {{"Idempotency-Key", "crash-" + std::to_string(person)}});
          if (r.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.push_back({ServerFixture::residentId(person), r.json()->getValue<std::int64_t>("id")});
          }
        } catch (...) {
          return;  // the server died mid-request: this request was never acknowledged
        }
      }
    });
  }
  // Let the load run, then pull the plug.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  f.server.kill();
  stop = true;
  for (auto& t : workers) t.join();
  REQUIRE(acknowledged.size() > 50);
  // The kill must land while requests are in flight, or the test proves nothing.
  REQUIRE(acknowledged.size() < static_cast<std::size_t>(kWorkers * kTubesPerWorker * 10));
  WARN("acknowledged before the kill: " << acknowledged.size());

  f.server.start();
  const auto stored = storedRegistrations(f.dir.file("lims.db"));
  std::set<std::string> storedIds;
  std::set<std::int64_t> storedRegs;
  for (const auto& [reg, id] : stored) {
    CHECK(storedIds.insert(id).second);  // nobody registered twice
    storedRegs.insert(reg);
  }
  for (const auto& a : acknowledged) {
    INFO("registration " << a.registrationId);
    CHECK(storedRegs.count(a.registrationId) == 1);
    CHECK(storedIds.count(a.idNumber) == 1);
  }
  // Retrying an acknowledged request after the restart adds nothing.
  HttpClient c(f.server.baseUrl());
  REQUIRE(c.login("sam", "password-sam").status == 201);
  const auto& first = acknowledged.front();
  const int person = [&] {
    for (int n = 0; n < kWorkers * kTubesPerWorker * 10; ++n)
      if (ServerFixture::residentId(n) == first.idNumber) return n;
    return -1;
  }();
  REQUIRE(person >= 0);
  const auto replay = c.post("/api/v1/registrations",
                             ServerFixture::registration(campaign, codes[static_cast<std::size_t>(person / 10)], first.idNumber),
                             "application/json", {{"Idempotency-Key", "crash-" + std::to_string(person)}});
  CHECK(replay.status == 201);
  CHECK(replay.json()->getValue<std::int64_t>("id") == first.registrationId);
  CHECK(storedRegistrations(f.dir.file("lims.db")).size() == stored.size());
}
