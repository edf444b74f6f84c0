// POST /api/v1/registrations/batch: a station's backlog in one request, each entry answered as
// the single call would answer it, all in one commit.
#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include "ServerFixture.h"
#include "natlims/domain/CodeScheme.h"

using natlims::test::ServerFixture;

namespace {

// A batch entry: the single registration's body with an idempotency_key.
std::string entry(std::int64_t campaign, const std::string& tube, const std::string& id, const std::string& key) {
  std::string body = ServerFixture::registration(campaign, tube, id);
  body.pop_back();  // the closing brace
  return body + R"(,"idempotency_key":")" + key + R"("})";
}

std::string batch(const std::vector<std::string>& entries) {
  std::string out = R"({"registrations":[)";
  for (std::size_t i = 0; i < entries.size(); ++i) out += (i ? "," : "") + entries[i];
  return out + "]}";
}

std::int64_t sampled(natlims::test::HttpClient& c, std::int64_t campaign) {
  return c.get("/api/v1/campaigns/" + std::to_string(campaign) + "/progress").json()->getValue<std::int64_t>("sampled");
}

}  // namespace

TEST_CASE("a batch registers each entry on its own and answers each in order", "[server][registrations][batch]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  const auto campaign = f.campaign(10);
  const auto tubes = f.tubes(*sampler, 2);
  std::string mistyped = ServerFixture::residentId(3);
  mistyped.back() = mistyped.back() == '1' ? '2' : '1';
  const std::string neverIssued = natlims::domain::makeCodeFromNumber(natlims::domain::CodeKind::Tube, 999999);
  const auto body = batch({entry(campaign, tubes[0], ServerFixture::residentId(1), "k1"),
                           entry(campaign, tubes[0], ServerFixture::residentId(2), "k2"),
                           entry(campaign, tubes[0], mistyped, "k3"),
                           entry(campaign, neverIssued, ServerFixture::residentId(4), "k4"),
                           ServerFixture::registration(campaign, tubes[1], ServerFixture::residentId(5)),  // no key
                           entry(campaign, tubes[1], ServerFixture::residentId(6), "k6")});
  const auto r = sampler->post("/api/v1/registrations/batch", body);
  REQUIRE(r.status == 200);
  const auto results = r.json()->getArray("results");
  REQUIRE(results->size() == 6);
  const auto at = [&](unsigned i) { return results->getObject(i); };
  for (unsigned i = 0; i < 6; ++i) CHECK(at(i)->getValue<int>("index") == static_cast<int>(i));
  CHECK(at(0)->getValue<int>("status") == 201);
  CHECK(at(0)->getObject("tube")->getValue<int>("count") == 1);
  CHECK(at(1)->getValue<int>("status") == 201);
  CHECK(at(1)->getObject("tube")->getValue<int>("count") == 2);  // in order, in the same tube
  CHECK(at(2)->getValue<int>("status") == 422);
  CHECK(at(2)->getObject("error")->getValue<std::string>("field") == "id_number");
  CHECK(at(3)->getObject("error")->getValue<std::string>("code") == "unknown_tube");
  CHECK(at(4)->getObject("error")->getValue<std::string>("field") == "idempotency_key");
  CHECK(at(5)->getValue<int>("status") == 201);
  CHECK(r.json()->getValue<int>("accepted") == 3);
  CHECK(r.json()->getValue<int>("refused") == 3);
  // No identity number comes back in the answer.
  CHECK(r.body.find(ServerFixture::residentId(1)) == std::string::npos);
  CHECK(sampled(*sampler, campaign) == 3);

  // The lost-answer retry: the same batch again adds nothing and answers the same ids.
  const auto again = sampler->post("/api/v1/registrations/batch", body);
  REQUIRE(again.status == 200);
  const auto results2 = again.json()->getArray("results");
  for (unsigned i : {0u, 1u, 5u}) {
    CHECK(results2->getObject(i)->getValue<bool>("replayed"));
    CHECK(results2->getObject(i)->getValue<std::int64_t>("id") == at(i)->getValue<std::int64_t>("id"));
  }
  CHECK_FALSE(at(0)->getValue<bool>("replayed"));
  CHECK(sampled(*sampler, campaign) == 3);
  // The single call sees the batch's registrations (same person, same key: a replay).
  const auto single = sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tubes[0], ServerFixture::residentId(1)),
                                    "application/json", {{"Idempotency-Key", "k1"}});
  CHECK(single.status == 201);
  CHECK(single.headers.count("Idempotent-Replayed") == 1);
}

TEST_CASE("a batch itself is checked: shape, size and role", "[server][registrations][batch]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tess", "lab_tech");
  const auto campaign = f.campaign(10);
  const auto tube = f.tubes(*sampler, 1).at(0);
  CHECK(sampler->post("/api/v1/registrations/batch", "not json").status == 400);
  CHECK(sampler->post("/api/v1/registrations/batch", R"({"registrations":{}})").errorField() == "registrations");
  CHECK(sampler->post("/api/v1/registrations/batch", R"({"registrations":[]})").errorField() == "registrations");
  CHECK(sampler->post("/api/v1/registrations/batch", R"({"registrations":[1]})").errorField() == "registrations");
  std::vector<std::string> many(1001, entry(campaign, tube, ServerFixture::residentId(1), "k"));
  CHECK(sampler->post("/api/v1/registrations/batch", batch(many)).errorField() == "registrations");
  CHECK(tech->post("/api/v1/registrations/batch", batch({entry(campaign, tube, ServerFixture::residentId(1), "k")})).status == 403);
  CHECK(sampled(*sampler, campaign) == 0);
}
