#include <catch2/catch.hpp>

#include <algorithm>

#include "ServerFixture.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/PreRegistration.h"

using natlims::test::HttpClient;
using natlims::test::ServerFixture;

namespace {

std::string boxBody(const std::string& box, const std::vector<std::string>& tubes) {
  std::string b = R"({"code":")" + box + R"(","tubes":[)";
  for (std::size_t i = 0; i < tubes.size(); ++i) b += (i ? ",\"" : "\"") + tubes[i] + "\"";
  return b + "]}";
}

}  // namespace

TEST_CASE("a box is sealed with closed tubes only and handed to one courier", "[server][boxes]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  const auto campaign = f.campaign(1);  // single tubes: each closes at its first registration
  const auto tubes = f.tubes(*sampler, 3);
  for (int i = 0; i < 2; ++i)
    REQUIRE(sampler->post("/api/v1/registrations", ServerFixture::registration(campaign, tubes[static_cast<std::size_t>(i)], ServerFixture::residentId(i))).status == 201);
  const auto box = sampler->post("/api/v1/box-codes", R"({"count":1})").json()->getArray("codes")->getElement<std::string>(0);
  const auto readBack = [&] { return sampler->get("/api/v1/boxes/" + box); };
  CHECK(readBack().json()->getValue<std::string>("state") == "allocated");
  // An unused tube (never closed) cannot go in a box; nothing is sealed then.
  auto r = sampler->post("/api/v1/boxes", boxBody(box, {tubes[0], tubes[2]}));
  CHECK(r.status == 409);
  CHECK(r.errorCode() == "tube_not_closed");
  CHECK(readBack().json()->getValue<int>("tube_count") == 0);
  r = sampler->post("/api/v1/boxes", boxBody(box, {tubes[0], tubes[1]}));
  REQUIRE(r.status == 201);
  CHECK(r.json()->getValue<std::string>("state") == "sealed");
  CHECK(r.json()->getValue<int>("tube_count") == 2);
  // The same seal again is answered the same; another set is refused.
  CHECK(sampler->post("/api/v1/boxes", boxBody(box, {tubes[1], tubes[0]})).status == 201);
  CHECK(sampler->post("/api/v1/boxes", boxBody(box, {tubes[0]})).errorCode() == "box_sealed");
  // A tube code where a box code belongs, and the reverse.
  CHECK(sampler->post("/api/v1/boxes", boxBody(tubes[0], {tubes[1]})).errorField() == "code");
  const std::string courier = natlims::domain::makeCodeFromNumber(natlims::domain::CodeKind::Courier, 77);
  const std::string other = natlims::domain::makeCodeFromNumber(natlims::domain::CodeKind::Courier, 78);
  r = sampler->post("/api/v1/boxes/" + box + "/handover", R"({"courier":")" + courier + R"("})");
  REQUIRE(r.status == 200);
  CHECK(r.json()->getValue<std::string>("state") == "handed_over");
  CHECK(sampler->post("/api/v1/boxes/" + box + "/handover", R"({"courier":")" + courier + R"("})").status == 200);
  CHECK(sampler->post("/api/v1/boxes/" + box + "/handover", R"({"courier":")" + other + R"("})").errorCode() == "box_handed_over");
  std::string typo = courier;
  typo[3] = typo[3] == '0' ? '1' : '0';
  CHECK(sampler->post("/api/v1/boxes/" + box + "/handover", R"({"courier":")" + typo + R"("})").errorField() == "courier");
  // Read back: the state, the tubes in code order, the courier.
  const auto back = readBack();
  REQUIRE(back.status == 200);
  CHECK(back.json()->getValue<std::string>("state") == "handed_over");
  CHECK(back.json()->getValue<std::string>("courier") == courier);
  auto inBox = back.json()->getArray("tubes");
  REQUIRE(inBox->size() == 2);
  CHECK(inBox->getElement<std::string>(0) == std::min(tubes[0], tubes[1]));
  CHECK(inBox->getElement<std::string>(1) == std::max(tubes[0], tubes[1]));
  // Unknown, mistyped and wrong-kind codes.
  CHECK(sampler->get("/api/v1/boxes/" + natlims::domain::makeCodeFromNumber(natlims::domain::CodeKind::Box, 999)).errorCode() == "unknown_box");
  std::string mistyped = box;
  mistyped[4] = mistyped[4] == '2' ? '3' : '2';
  CHECK(sampler->get("/api/v1/boxes/" + mistyped).errorField() == "code");
  CHECK(sampler->get("/api/v1/boxes/" + tubes[0]).errorField() == "code");
  HttpClient anonymous(f.server.baseUrl());
  CHECK(anonymous.get("/api/v1/boxes/" + box).status == 401);
}

TEST_CASE("pre-registration payloads are signed by the server and verify with its public key", "[server][preregistration]") {
  ServerFixture f;
  HttpClient resident(f.server.baseUrl());  // no login: residents use their phones
  const auto key = resident.get("/api/v1/preregistration-key");
  REQUIRE(key.status == 200);
  const auto pub = natlims::domain::ed25519PublicKeyFromBase64(key.json()->getValue<std::string>("public_key"));
  REQUIRE(pub);
  const auto r = resident.post("/api/v1/preregistrations",
                               R"({"id_type":"resident_id","id_number":"11010519491231002x","name":"张三","phone":"13800000000"})");
  REQUIRE(r.status == 201);
  const auto payload = r.json()->getValue<std::string>("payload");
  std::string why;
  const auto reg = natlims::domain::verifyPreRegistration(payload, *pub, &why);
  REQUIRE(reg);
  CHECK(reg->idNumber == "11010519491231002X");
  CHECK(reg->name == "张三");
  // An invalid document is refused and names the field.
  const auto bad = resident.post("/api/v1/preregistrations", R"({"id_type":"resident_id","id_number":"110105194912310021","name":"张三"})");
  CHECK(bad.status == 422);
  CHECK(bad.errorField() == "id_number");
  // The key survives a restart: old payloads still verify against the served key.
  f.server.stop();
  f.server.start();
  HttpClient again(f.server.baseUrl());
  CHECK(again.get("/api/v1/preregistration-key").json()->getValue<std::string>("public_key") ==
        key.json()->getValue<std::string>("public_key"));
}
