#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ServerFixture.h"

using natlims::test::HttpClient;
using natlims::test::ServerFixture;

TEST_CASE("health, metrics and the listening line", "[server]") {
  ServerFixture f;
  CHECK(f.server.output().find("listening on http://127.0.0.1:") != std::string::npos);
  HttpClient c(f.server.baseUrl());
  const auto h = c.get("/healthz");
  CHECK(h.status == 200);
  CHECK(h.body == R"({"status":"ok"})");
  const auto m = c.get("/metrics");
  CHECK(m.status == 200);
  CHECK(m.body.find("natlims_http_requests_total{route=\"/healthz\",status=\"200\"} 1") != std::string::npos);
  CHECK(m.body.find("natlims_fsyncs_total") != std::string::npos);
  CHECK(m.body.find("natlims_commit_batch_jobs_bucket") != std::string::npos);
}

TEST_CASE("login gives a token, and calls without one are refused", "[server][auth]") {
  ServerFixture f;
  HttpClient anon(f.server.baseUrl());
  CHECK(anon.get("/api/v1/campaigns").status == 401);
  CHECK(anon.get("/api/v1/campaigns").errorCode() == "unauthorized");
  anon.setToken("forged-token");
  CHECK(anon.get("/api/v1/campaigns").status == 401);
  const auto bad = anon.login("admin", "wrong-password");
  CHECK(bad.status == 401);
  CHECK(bad.errorCode() == "invalid_credentials");
  const auto good = anon.login("admin", "admin-password-1");
  REQUIRE(good.status == 201);
  CHECK(good.json()->getValue<std::string>("role") == "admin");
  CHECK(good.json()->has("expires_at"));
  CHECK(anon.get("/api/v1/campaigns").status == 200);
}

TEST_CASE("roles are enforced on every endpoint", "[server][auth]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tec", "lab_tech");
  auto coord = f.userClient("coo", "coordinator");
  struct Row { HttpClient* client; const char* method; const char* path; const char* body; int status; };
  const Row rows[] = {
      {sampler.get(), "POST", "/api/v1/users", R"({"username":"x1x","password":"long-enough-1","role":"admin"})", 403},
      {sampler.get(), "POST", "/api/v1/population", "id_type,id_number,name,phone,grid_unit\n", 403},
      {sampler.get(), "POST", "/api/v1/campaigns", "{}", 403},
      {tech.get(), "POST", "/api/v1/registrations", "{}", 403},
      {coord.get(), "POST", "/api/v1/users", R"({"username":"x2x","password":"long-enough-1","role":"admin"})", 403},
      {sampler.get(), "POST", "/api/v1/tube-codes", R"({"count":1})", 201},
      {tech.get(), "POST", "/api/v1/box-codes", R"({"count":1})", 201},
      {sampler.get(), "GET", "/api/v1/campaigns", "", 200},
  };
  for (const auto& row : rows) {
    INFO(row.method << ' ' << row.path);
    CHECK(row.client->request(row.method, row.path, row.body, "application/json", {}).status == row.status);
  }
}

TEST_CASE("bad input gets the contract's error and names the field", "[server][validation]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  const auto campaign = f.campaign();
  const auto tube = f.tubes(*sampler, 1).at(0);
  std::string badCheck = tube;
  badCheck[9] = badCheck[9] == '0' ? '1' : '0';
  struct Row { std::string body; int status; const char* code; const char* field; };
  const Row rows[] = {
      {"{not json", 400, "malformed_json", ""},
      {"[1,2]", 400, "malformed_json", ""},
      {ServerFixture::registration(campaign, tube, "110105194912310021"), 422, "invalid", "id_number"},
      {ServerFixture::registration(campaign, badCheck, ServerFixture::residentId(1)), 422, "invalid", "tube"},
      {ServerFixture::registration(campaign, "XWRONGCODE", ServerFixture::residentId(1)), 422, "invalid", "tube"},
      {ServerFixture::registration(campaign, tube, ServerFixture::residentId(1), "bad\\u0001name"), 422, "invalid", "name"},
      {ServerFixture::registration(999, tube, ServerFixture::residentId(1)), 404, "unknown_campaign", "campaign_id"},
      {R"({"campaign_id":"one"})", 422, "invalid", "campaign_id"},
      {R"({"campaign_id":1,"tube":")" + tube + R"(","id_type":"licence","id_number":"x","station":"S"})", 422, "invalid", "id_type"},
  };
  for (const auto& row : rows) {
    INFO(row.body);
    const auto r = sampler->post("/api/v1/registrations", row.body);
    CHECK(r.status == row.status);
    CHECK(r.errorCode() == row.code);
    CHECK(r.errorField() == row.field);
    CHECK(r.body.find("110105194912310021") == std::string::npos);  // never echoed
  }
  // Nothing of the refused requests was stored.
  const auto p = sampler->get("/api/v1/campaigns/" + std::to_string(campaign) + "/progress").json();
  CHECK(p->getValue<int>("registrations") == 0);
  CHECK(f.admin->get("/no/such/path").status == 404);
  CHECK(f.admin->request("DELETE", "/api/v1/campaigns", "", "application/json", {}).status == 405);
}

TEST_CASE("a body over the limit is refused with 413", "[server][validation]") {
  ServerFixture f;
  const std::string huge(2 << 20, 'x');
  const auto r = f.admin->post("/api/v1/campaigns", huge);
  CHECK(r.status == 413);
  CHECK(r.errorCode() == "too_large");
}

TEST_CASE("a full tube of ten closes itself and refuses an eleventh", "[server][registration]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  const auto campaign = f.campaign(10);
  const auto tube = f.tubes(*sampler, 1).at(0);
  for (int i = 1; i <= 10; ++i) {
    const auto r = sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tube, ServerFixture::residentId(i)),
                                 "application/json", {{"Idempotency-Key", "k" + std::to_string(i)}});
    REQUIRE(r.status == 201);
    CHECK(r.json()->getObject("tube")->getValue<int>("count") == i);
    CHECK(r.json()->getObject("tube")->getValue<std::string>("state") == (i == 10 ? "closed" : "open"));
  }
  const auto eleventh = sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tube, ServerFixture::residentId(11)));
  CHECK(eleventh.status == 409);
  CHECK(eleventh.errorCode() == "tube_closed");
  // A replay of the first request gives the first answer and adds nothing.
  const auto replay = sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tube, ServerFixture::residentId(1)),
                                    "application/json", {{"Idempotency-Key", "k1"}});
  CHECK(replay.status == 201);
  CHECK(replay.headers.count("Idempotent-Replayed") == 1);
  CHECK(replay.json()->getObject("tube")->getValue<int>("count") == 1);
  const auto dup = sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, f.tubes(*sampler, 1).at(0), ServerFixture::residentId(1)));
  CHECK(dup.status == 409);
  CHECK(dup.errorCode() == "already_registered");
  const auto p = sampler->get("/api/v1/campaigns/" + std::to_string(campaign) + "/progress");
  REQUIRE(p.status == 200);
  CHECK(p.json()->getValue<int>("sampled") == 10);
  CHECK(p.json()->getObject("tubes")->getValue<int>("closed") == 1);
}

TEST_CASE("close early, undo, and a tube used in another campaign", "[server][registration]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  const auto c1 = f.campaign(10), c2 = f.campaign(10);
  const auto codes = f.tubes(*sampler, 2);
  const auto r1 = sampler->post("/api/v1/registrations", ServerFixture::registration(c1, codes[0], ServerFixture::residentId(1)));
  const auto r2 = sampler->post("/api/v1/registrations", ServerFixture::registration(c1, codes[0], ServerFixture::residentId(2)));
  REQUIRE(r2.status == 201);
  const auto undo = sampler->post("/api/v1/registrations/" + std::to_string(r2.json()->getValue<int>("id")) + "/void",
                                  R"({"reason":"scanned the wrong card"})");
  CHECK(undo.status == 200);
  CHECK(undo.json()->getObject("tube")->getValue<int>("count") == 1);
  const auto other = sampler->post("/api/v1/registrations", ServerFixture::registration(c2, codes[0], ServerFixture::residentId(3)));
  CHECK(other.status == 409);
  CHECK(other.errorCode() == "tube_other_campaign");
  const auto closed = sampler->post("/api/v1/tubes/" + codes[0] + "/close", "");
  CHECK(closed.status == 200);
  CHECK(closed.json()->getValue<std::string>("state") == "closed");
  CHECK(closed.json()->getValue<int>("count") == 1);
  CHECK(sampler->post("/api/v1/tubes/" + codes[1] + "/close", "").errorCode() == "tube_empty");
  CHECK(r1.status == 201);
}

TEST_CASE("failed logins are rate-limited per user", "[server][auth]") {
  ServerFixture f;
  HttpClient c(f.server.baseUrl());
  for (int i = 0; i < 5; ++i) CHECK(c.login("admin", "wrong-" + std::to_string(i)).status == 401);
  const auto blocked = c.login("admin", "admin-password-1");
  CHECK(blocked.status == 429);
  CHECK(blocked.errorCode() == "too_many_attempts");
  CHECK(blocked.headers.count("Retry-After") == 1);
}

TEST_CASE("logs and audit never hold a full identity number", "[server][privacy]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  const auto campaign = f.campaign();
  const auto tube = f.tubes(*sampler, 1).at(0);
  const std::string id = ServerFixture::residentId(5);
  REQUIRE(sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tube, id, "李四")).status == 201);
  sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tube, "110105194912310021"));
  REQUIRE(f.server.stop() == 0);  // flushes the asynchronous access log
  for (const char* name : {"access.log", "server-stderr.log"}) {
    std::ifstream in(f.dir.file(name));
    std::stringstream s;
    s << in.rdbuf();
    INFO(name);
    CHECK(s.str().find(id) == std::string::npos);
    CHECK(s.str().find("110105194912310021") == std::string::npos);
    CHECK(s.str().find("李四") == std::string::npos);
  }
}

TEST_CASE("SIGTERM stops the server cleanly and its data is kept", "[server]") {
  ServerFixture f;
  const auto campaign = f.campaign();
  CHECK(f.server.stop() == 0);
  f.server.start();
  HttpClient c(f.server.baseUrl());
  REQUIRE(c.login("admin", "admin-password-1").status == 201);
  const auto list = c.get("/api/v1/campaigns").json()->getArray("campaigns");
  REQUIRE(list->size() == 1);
  CHECK(list->getObject(0)->getValue<std::int64_t>("id") == campaign);
  // The session from before the restart is still valid.
  HttpClient same(f.server.baseUrl());
  same.setToken(f.admin->token());
  CHECK(same.get("/api/v1/campaigns").status == 200);
}

TEST_CASE("a bad configuration refuses to start and names the key", "[server][config]") {
  natlims::test::TempDir dir;
  std::ofstream(dir.file("bad.ini")) << "[server]\nthreads = lots\n";
  const auto r = natlims::test::runProgram(std::string(NATLIMS_BIN_DIR) + "/lims-server",
                                           {"--data", dir.path(), "--config", dir.file("bad.ini"), "--port", "0"});
  CHECK(r.status != 0);
  CHECK(r.err.find("server.threads") != std::string::npos);
}

TEST_CASE("a port in use is an error, not a shared port", "[server][config]") {
  ServerFixture f;
  natlims::test::TempDir dir;
  const auto r = natlims::test::runProgram(std::string(NATLIMS_BIN_DIR) + "/lims-server",
                                           {"--data", dir.path(), "--port", std::to_string(f.server.port())});
  CHECK(r.status != 0);
  CHECK(r.err.find("in use") != std::string::npos);
}

TEST_CASE("help tells the flags and exits 0", "[server]") {
  const auto r = natlims::test::runProgram(std::string(NATLIMS_BIN_DIR) + "/lims-server", {"--help"});
  CHECK(r.status == 0);
  for (const char* flag : {"--config", "--data", "--bind", "--port", "--demo"}) CHECK(r.out.find(flag) != std::string::npos);
}

TEST_CASE("without LIMS_ADMIN_PASSWORD a generated admin password is printed once", "[server][auth]") {
  natlims::test::TempDir dir;
  natlims::test::ServerProcess s({dir.path(), "", {}, {}});
  s.start();
  const auto& out = s.output();
  const auto at = out.find("created user admin with password ");
  REQUIRE(at != std::string::npos);
  const std::string password = out.substr(at + 33, out.find(' ', at + 33) - at - 33);
  HttpClient c(s.baseUrl());
  CHECK(c.login("admin", password).status == 201);
  s.stop();
  s.start();
  CHECK(s.output().find("created user admin") == std::string::npos);
}

TEST_CASE("the demo flag seeds a town with users of every role", "[server][demo]") {
  ServerFixture f({"--demo"});
  for (const char* role : {"coordinator", "sampler", "labtech", "reviewer"}) CHECK(f.server.output().find(role) != std::string::npos);
  const auto progress = f.admin->get("/api/v1/campaigns/1/progress");
  REQUIRE(progress.status == 200);
  CHECK(progress.json()->getValue<int>("population") == 3000);
}
