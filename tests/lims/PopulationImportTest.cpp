#include <catch2/catch.hpp>

#include "ServerFixture.h"

using natlims::test::ServerFixture;

TEST_CASE("population CSV: valid rows kept, invalid rows reported by line, re-import updates", "[server][population]") {
  ServerFixture f;
  auto coord = f.userClient("coo", "coordinator");
  std::string csv = "\xEF\xBB\xBFid_type,id_number,name,phone,grid_unit\r\n";
  csv += "resident_id," + ServerFixture::residentId(1) + ",张三,13800000001,D1/S1/C1/B1\r\n";   // line 2
  csv += "resident_id,110105194912310021,李四,,D1/S1/C1/B1\r\n";                              // line 3: check char
  csv += "passport,E12345678,\"Smith, John\",,D1/S1/C2\r\n";                                   // line 4
  csv += "licence,123,王五,,D1/S1\r\n";                                                          // line 5: type
  csv += "resident_id," + ServerFixture::residentId(2) + ",,,D1/S2\r\n";                        // line 6: name
  csv += "resident_id," + ServerFixture::residentId(3) + ",赵六,,D1//S2\r\n";                   // line 7: grid
  csv += "resident_id," + ServerFixture::residentId(4) + ",钱七,phone?,D1/S2\r\n";              // line 8: phone
  csv += "home_return_permit,H12345678,孙八,,D2/S1\r\n";                                         // line 9
  auto r = coord->post("/api/v1/population", csv, "text/csv");
  REQUIRE(r.status == 200);
  auto j = r.json();
  CHECK(j->getValue<int>("imported") == 3);
  CHECK(j->getValue<int>("updated") == 0);
  CHECK(j->getValue<int>("rejected_total") == 5);
  const auto rejected = j->getArray("rejected");
  REQUIRE(rejected->size() == 5);
  const std::pair<int, const char*> expected[] = {{3, "id_number"}, {5, "id_type"}, {6, "name"}, {7, "grid_unit"}, {8, "phone"}};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(rejected->getObject(static_cast<unsigned>(i))->getValue<int>("line") == expected[i].first);
    CHECK(rejected->getObject(static_cast<unsigned>(i))->getValue<std::string>("error").rfind(expected[i].second, 0) == 0);
  }
  CHECK(r.body.find("110105194912310021") == std::string::npos);
  r = coord->post("/api/v1/population", csv, "text/csv");
  CHECK(r.json()->getValue<int>("imported") == 0);
  CHECK(r.json()->getValue<int>("updated") == 3);
  const auto campaign = f.campaign(10, "D1");
  const auto p = coord->get("/api/v1/campaigns/" + std::to_string(campaign) + "/progress").json();
  CHECK(p->getValue<int>("population") == 2);  // D2 is outside the area
}

TEST_CASE("a person from the register registers without a name", "[server][population]") {
  ServerFixture f;
  auto coord = f.userClient("coo", "coordinator");
  auto sampler = f.userClient("sam", "sampler");
  const std::string id = ServerFixture::residentId(9);
  REQUIRE(coord->post("/api/v1/population", "id_type,id_number,name,phone,grid_unit\nresident_id," + id + ",周九,,D1/S1\n",
                      "text/csv").status == 200);
  const auto campaign = f.campaign();
  const auto tube = f.tubes(*sampler, 1).at(0);
  const auto r = sampler->post("/api/v1/registrations", R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + tube +
                                                            R"(","id_type":"resident_id","id_number":")" + id + R"(","station":"S1"})");
  CHECK(r.status == 201);
  const auto mismatch = sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tube, id, "吴十"));
  CHECK(mismatch.status == 409);
}

TEST_CASE("a CSV without the required header is refused and stores nothing", "[server][population]") {
  ServerFixture f;
  const auto r = f.admin->post("/api/v1/population", "id,name\n1,x\n", "text/csv");
  CHECK(r.status == 422);
  CHECK(r.errorField() == "csv");
  CHECK(f.admin->post("/api/v1/population", "", "text/csv").status == 422);
}
