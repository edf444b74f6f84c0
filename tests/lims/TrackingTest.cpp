#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "ServerFixture.h"

using natlims::test::HttpClient;
using natlims::test::ServerFixture;

namespace {

const char* kScenario = R"({
  "start": "2026-12-01T06:00:00+08:00", "deadline_hours": 48, "report_sla_minutes": 120,
  "prevalence": 0.001,
  "grid_units": [{"path": "D1/S1/C1", "population": 12000, "site": "P1", "pool_size": 10}],
  "sites": [{"id": "P1", "tables": 8, "per_table_per_hour": 150, "open": [[7, 22]],
             "lab": "L1", "pickup_every_minutes": 60, "transport_minutes": 45}],
  "labs": [{"id": "L1", "instruments": 10, "wells": 96, "controls": 2, "run_minutes": 100,
            "extraction_minutes": 60, "open": [[0, 24]]}]
})";

std::int64_t countLines(const std::string& s) { return static_cast<std::int64_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("the dashboard counts coverage per grid unit from the register and registrations", "[server][tracking]") {
  ServerFixture f;
  auto coord = f.userClient("coo", "coordinator");
  auto sampler = f.userClient("sam", "sampler");
  std::string csv = "id_type,id_number,name,phone,grid_unit\n";
  for (int i = 0; i < 30; ++i)
    csv += "resident_id," + ServerFixture::residentId(i) + ",居民" + std::to_string(i) + ",,D1/S" + std::to_string(i % 3) + "/C1\n";
  REQUIRE(coord->post("/api/v1/population", csv, "text/csv").status == 200);
  const auto campaign = f.campaign(10, "D1");
  const auto tubes = f.tubes(*sampler, 2);
  // Five people of S0 (0, 3, 6, 9, 12) and one person from outside the register.
  int registrationOf12 = 0;
  for (int i : {0, 3, 6, 9, 12}) {
    const auto r = sampler->post("/api/v1/registrations", R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + tubes[0] +
                                                              R"(","id_type":"resident_id","id_number":")" + ServerFixture::residentId(i) +
                                                              R"(","station":"S"})");
    REQUIRE(r.status == 201);
    registrationOf12 = r.json()->getValue<int>("id");
  }
  REQUIRE(sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tubes[0], ServerFixture::residentId(500))).status == 201);
  const std::string base = "/api/v1/campaigns/" + std::to_string(campaign);
  auto d = coord->get(base + "/dashboard");
  REQUIRE(d.status == 200);
  auto j = d.json();
  CHECK(j->getObject("progress")->getValue<int>("population") == 30);
  CHECK(j->getObject("progress")->getValue<int>("sampled") == 6);
  auto coverage = j->getObject("coverage");
  CHECK(coverage->getValue<std::string>("path") == "D1");
  CHECK(coverage->getValue<int>("population") == 30);
  CHECK(coverage->getValue<int>("sampled") == 5);  // the unregistered person has no grid unit
  auto children = coverage->getArray("children");
  REQUIRE(children->size() == 3);
  CHECK(children->getObject(0)->getValue<std::string>("path") == "D1/S0");
  CHECK(children->getObject(0)->getValue<int>("sampled") == 5);
  CHECK(children->getObject(1)->getValue<int>("sampled") == 0);
  CHECK(j->getObject("pipeline")->getValue<int>("registered_tubes") == 1);
  CHECK(j->getArray("timeline")->size() >= 49);
  // Drill down, and the people not yet sampled there.
  d = coord->get(base + "/dashboard?grid=D1/S0");
  CHECK(d.json()->getObject("coverage")->getArray("children")->getObject(0)->getValue<std::string>("path") == "D1/S0/C1");
  CHECK(coord->get(base + "/dashboard?grid=D2").status == 422);
  auto ns = coord->get(base + "/not-sampled.csv?grid=D1/S0");
  REQUIRE(ns.status == 200);
  CHECK(countLines(ns.body) == 1 + 10 - 5);
  CHECK(ns.body.find(ServerFixture::residentId(15)) == std::string::npos);  // masked
  CHECK(ns.body.find("居民15") != std::string::npos);
  // An undone registration is no longer counted.
  REQUIRE(sampler->post("/api/v1/registrations/" + std::to_string(registrationOf12) + "/void", R"({"reason":"wrong"})").status == 200);
  CHECK(coord->get(base + "/dashboard").json()->getObject("coverage")->getValue<int>("sampled") == 4);
  CHECK(countLines(coord->get(base + "/not-sampled.csv?grid=D1/S0").body) == 1 + 10 - 4);
  // Samplers do not see the dashboard.
  CHECK(sampler->get(base + "/dashboard").status == 403);
}

TEST_CASE("POST /plan answers the contract's fields and a plan attaches to a campaign", "[server][tracking][plan]") {
  ServerFixture f;
  const auto r = f.admin->post("/api/v1/plan", kScenario);
  REQUIRE(r.status == 200);
  auto j = r.json();
  for (const char* key : {"completion", "hours_to_complete", "within_deadline", "bottleneck", "report_p99_minutes"}) {
    INFO(key);
    CHECK(j->has(key));
  }
  const auto bad = f.admin->post("/api/v1/plan", R"({"start":"2026-12-01T06:00:00+08:00","sites":[]})");
  CHECK(bad.status == 422);
  CHECK_FALSE(bad.errorField().empty());
  const auto campaign = f.campaign(10, "D1");
  REQUIRE(f.admin->post("/api/v1/campaigns/" + std::to_string(campaign) + "/plan", kScenario).status == 200);
  auto timeline = f.admin->get("/api/v1/campaigns/" + std::to_string(campaign) + "/dashboard").json()->getArray("timeline");
  // The planned curve rises (the register is empty, so planned people are 0 x share: check the field exists).
  CHECK(timeline->getObject(0)->has("planned"));
}
