#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>

#include <set>

#include "ServerFixture.h"
#include "StoreFixture.h"

using natlims::test::HttpClient;
using natlims::test::ServerFixture;

namespace {

// A natlims-results-v1 run document for a plate: every sample negative (targets undetermined,
// internal control amplified) except the tubes in `positive`; the controls as they should be.
std::string resultsFor(const Poco::JSON::Object::Ptr& plate, const std::set<std::string>& positive, const std::string& runId) {
  std::string wells;
  const auto add = [&](const std::string& well, const std::string& sample, const char* target, const char* dye, const std::string& ct) {
    wells += std::string(wells.empty() ? "" : ",") + R"({"well":")" + well + R"(","sample":")" + sample + R"(","target":")" +
             target + R"(","dye":")" + dye + R"(","ct":)" + ct + "}";
  };
  auto arr = plate->getArray("wells");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto w = arr->getObject(static_cast<unsigned>(i));
    const auto well = w->getValue<std::string>("well");
    const auto kind = w->getValue<std::string>("kind");
    if (kind == "sample") {
      const auto tube = w->getValue<std::string>("tube");
      const bool pos = positive.count(tube) > 0;
      add(well, tube, "ORF1ab", "FAM", pos ? "24.5" : "null");
      add(well, tube, "N", "VIC", pos ? "26.1" : "null");
      add(well, tube, "IC", "CY5", "28.0");
    } else if (kind == "positive_control") {
      const auto name = w->getValue<std::string>("name");
      add(well, name, "ORF1ab", "FAM", "29.0");
      add(well, name, "N", "VIC", "30.0");
      add(well, name, "IC", "CY5", "29.5");
    } else {
      const auto name = w->getValue<std::string>("name");
      add(well, name, "ORF1ab", "FAM", "null");
      add(well, name, "N", "VIC", "null");
      add(well, name, "IC", "CY5", "null");
    }
  }
  return R"({"format":"natlims-results-v1","instrument":"test-link","run_id":")" + runId + R"(","wells":[)" + wells + "]}";
}

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& a) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

std::string jsonList(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ",\"" : "\"") + v[i] + "\"";
  return s + "]";
}

struct Lab {
  ServerFixture& f;
  HttpClient& sampler;
  HttpClient& tech;

  // Seals `tubes` in a fresh box, hands it over and receives it; returns the receipt.
  Poco::JSON::Object::Ptr shipAndReceive(const std::vector<std::string>& tubes, std::vector<std::string> scanned = {}) {
    const auto box = strings(sampler.post("/api/v1/box-codes", R"({"count":1})").json()->getArray("codes")).at(0);
    REQUIRE(sampler.post("/api/v1/boxes", R"({"code":")" + box + R"(","tubes":)" + jsonList(tubes) + "}").status == 201);
    if (scanned.empty()) scanned = tubes;
    const auto r = tech.post("/api/v1/boxes/" + box + "/receive", R"({"tubes":)" + jsonList(scanned) + R"(,"temperature_c":6.5})");
    REQUIRE(r.status == 200);
    return r.json();
  }

  // `n` fresh tubes, each with one registered person (people first..first+n-1), in a campaign
  // of single tubes: each tube is closed by its registration.
  std::vector<std::string> singleTubes(std::int64_t campaign, int n, int first = 0) {
    const auto tubes = f.tubes(sampler, n);
    for (int i = 0; i < n; ++i)
      REQUIRE(sampler.post("/api/v1/registrations",
                           ServerFixture::registration(campaign, tubes[static_cast<std::size_t>(i)], ServerFixture::residentId(first + i)))
                  .status == 201);
    return tubes;
  }

  Poco::JSON::Object::Ptr plate(const std::vector<std::string>& tubes) {
    const auto r = tech.post("/api/v1/plates", R"({"tubes":)" + jsonList(tubes) + R"(,"kit":"daan-orf1ab-n","wells":96})");
    REQUIRE(r.status == 201);
    return r.json();
  }
};

}  // namespace

TEST_CASE("the whole chain: pooled tubes to a positive person", "[server][chain]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tec", "lab_tech");
  auto reviewer = f.userClient("rev", "lab_reviewer");
  auto reviewer2 = f.userClient("rev2", "lab_reviewer");
  const auto campaign = f.campaign(10);
  Lab lab{f, *sampler, *tech};

  // 100 people in 10 pooled tubes.
  const auto tubes = f.tubes(*sampler, 10);
  for (int i = 0; i < 100; ++i)
    REQUIRE(sampler->post("/api/v1/registrations",
                          ServerFixture::registration(campaign, tubes[static_cast<std::size_t>(i / 10)], ServerFixture::residentId(i),
                                                      "居民" + std::to_string(i))).status == 201);
  // One tube is left out of the scan and an unexpected one is not possible (all are in the box).
  const auto receipt = lab.shipAndReceive(tubes);
  CHECK(receipt->getValue<int>("received") == 10);
  CHECK(receipt->getArray("missing")->size() == 0);

  const auto plate = lab.plate(tubes);
  const auto plateId = plate->getValue<std::int64_t>("id");
  CHECK(plate->getArray("wells")->size() == 12);  // 10 tubes + PC + NC
  const auto setup = tech->get("/api/v1/plates/" + std::to_string(plateId) + "/setup?instrument=abi7500");
  CHECK(setup.status == 200);
  CHECK(setup.body.find(tubes[0]) != std::string::npos);
  CHECK(tech->get("/api/v1/plates/" + std::to_string(plateId) + "/map.svg").body.find("<svg") != std::string::npos);

  // The instrument's result: tube 3 positive.
  const std::string doc = resultsFor(plate, {tubes[3]}, "run-1");
  auto run = tech->post("/api/v1/runs?plate=" + std::to_string(plateId), doc, "application/json");
  REQUIRE(run.status == 201);
  const auto runId = run.json()->getValue<std::int64_t>("id");
  CHECK(run.json()->getValue<bool>("valid"));
  int positives = 0;
  auto results = run.json()->getArray("tubes");
  for (std::size_t i = 0; i < results->size(); ++i) {
    const auto t = results->getObject(static_cast<unsigned>(i));
    if (t->getValue<std::string>("result") == "positive") {
      ++positives;
      CHECK(t->getValue<std::string>("tube") == tubes[3]);
    } else {
      CHECK(t->getValue<std::string>("result") == "negative");
    }
  }
  CHECK(positives == 1);
  // The same bytes again: the same run, nothing added.
  const auto again = tech->post("/api/v1/runs", doc, "application/json");
  CHECK(again.status == 200);
  CHECK(again.json()->getValue<std::int64_t>("id") == runId);

  // Release: the sampler cannot, the tech cannot (positives), a reviewer can.
  const std::string releasePath = "/api/v1/runs/" + std::to_string(runId) + "/release";
  CHECK(sampler->post(releasePath, "").status == 403);
  CHECK(tech->post(releasePath, "").status == 403);
  REQUIRE(reviewer->post(releasePath, "").status == 200);
  CHECK(reviewer2->post(releasePath, "").errorCode() == "run_released");

  // Lookups: pooled negatives are negative, the positive pool's people are pool_positive.
  const auto lookup = [&](int person, const std::string& name) {
    return reviewer->post("/api/v1/results/lookup", R"({"id_type":"resident_id","id_number":")" +
                                                        ServerFixture::residentId(person) + R"(","name":")" + name + R"("})");
  };
  auto l = lookup(0, "居民0");
  REQUIRE(l.status == 200);
  CHECK(l.json()->getValue<std::string>("status") == "negative");
  CHECK(l.body.find(ServerFixture::residentId(0)) == std::string::npos);  // masked
  CHECK(lookup(35, "居民35").json()->getValue<std::string>("status") == "pool_positive");
  CHECK(lookup(35, "someone else").status == 404);  // a wrong name reveals nothing
  CHECK(lookup(35, "someone else").body == lookup(9999, "nobody").body);

  // The recall list: the 10 people of the positive pool.
  const auto recall = f.admin->get("/api/v1/campaigns/" + std::to_string(campaign) + "/recall");
  REQUIRE(recall.status == 200);
  auto people = recall.json()->getArray("people");
  REQUIRE(people->size() == 10);
  CHECK(people->getObject(0)->getValue<std::string>("pool_tube") == tubes[3]);
  CHECK(people->getObject(0)->getValue<std::string>("state") == "to_resample");
  CHECK(f.admin->get("/api/v1/campaigns/" + std::to_string(campaign) + "/recall.csv").body.find(tubes[3]) != std::string::npos);

  // Re-sampling into 10 single tubes linked to the pool; person 34 turns out positive.
  const auto singles = f.tubes(*sampler, 10);
  for (int i = 0; i < 10; ++i) {
    const int person = 30 + i;
    const auto r = sampler->post("/api/v1/registrations",
                                 R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + singles[static_cast<std::size_t>(i)] +
                                     R"(","id_type":"resident_id","id_number":")" + ServerFixture::residentId(person) +
                                     R"(","station":"door-to-door","recall_of":")" + tubes[3] + R"("})");
    REQUIRE(r.status == 201);
    CHECK(r.json()->getObject("tube")->getValue<std::string>("state") == "closed");  // single tube
  }
  // Someone not in the pool cannot be recalled from it.
  const auto notInPool = sampler->post("/api/v1/registrations",
                                       R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + f.tubes(*sampler, 1)[0] +
                                           R"(","id_type":"resident_id","id_number":")" + ServerFixture::residentId(50) +
                                           R"(","station":"x","recall_of":")" + tubes[3] + R"("})");
  CHECK(notInPool.errorCode() == "not_in_pool");
  lab.shipAndReceive(singles);
  // Recalled single tubes go first in the lab's queue.
  const auto queue = tech->get("/api/v1/lab/queue").json()->getArray("tubes");
  REQUIRE(queue->size() == 10);
  CHECK(queue->getObject(0)->getValue<bool>("priority"));
  const auto plate2 = lab.plate(singles);
  const auto run2 = tech->post("/api/v1/runs?plate=" + std::to_string(plate2->getValue<std::int64_t>("id")),
                               resultsFor(plate2, {singles[4]}, "run-2"), "application/json");
  REQUIRE(run2.status == 201);
  // The importer cannot be the second person; another reviewer can.
  const std::string release2 = "/api/v1/runs/" + std::to_string(run2.json()->getValue<std::int64_t>("id")) + "/release";
  REQUIRE(reviewer->post(release2, "").status == 200);
  CHECK(lookup(34, "居民34").json()->getValue<std::string>("status") == "positive");
  CHECK(lookup(35, "居民35").json()->getValue<std::string>("status") == "negative");
  people = f.admin->get("/api/v1/campaigns/" + std::to_string(campaign) + "/recall").json()->getArray("people");
  for (std::size_t i = 0; i < people->size(); ++i) CHECK(people->getObject(static_cast<unsigned>(i))->getValue<std::string>("state") == "resolved");
  // Every tube moved through boxes, receipt, runs and release: the running counts still agree.
  const auto [counts, truth] = natlims::test::tubeCountsAndTruth(f.dir.file("lims.db"));
  CHECK(counts == truth);
  CHECK(truth.find("/released ") != std::string::npos);
}

TEST_CASE("receipt reports missing and unexpected tubes and refuses a tube twice", "[server][lab]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tec", "lab_tech");
  const auto campaign = f.campaign(1);
  Lab lab{f, *sampler, *tech};
  const auto tubes = lab.singleTubes(campaign, 4);
  // Box A holds tubes 0 and 1; the lab scans 0 and 2 (2 travelled loose with it).
  const auto r = lab.shipAndReceive({tubes[0], tubes[1]}, {tubes[0], tubes[2]});
  CHECK(strings(r->getArray("missing")) == std::vector<std::string>{tubes[1]});
  CHECK(strings(r->getArray("unexpected")) == std::vector<std::string>{tubes[2]});
  // Tube 2 was received with box A: receiving it again in box B is refused, and box B stays unreceived.
  const auto box = strings(sampler->post("/api/v1/box-codes", R"({"count":1})").json()->getArray("codes")).at(0);
  REQUIRE(sampler->post("/api/v1/boxes", R"({"code":")" + box + R"(","tubes":[")" + tubes[3] + "\"]}").status == 201);
  const auto twice = tech->post("/api/v1/boxes/" + box + "/receive", R"({"tubes":[")" + tubes[2] + R"(",")" + tubes[3] + "\"]}");
  CHECK(twice.status == 409);
  CHECK(twice.errorCode() == "tube_received");
  CHECK(tech->post("/api/v1/boxes/" + box + "/receive", R"({"tubes":[")" + tubes[3] + "\"]}").status == 200);
}

TEST_CASE("a run whose controls fail invalidates the plate and cannot be released", "[server][lab]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tec", "lab_tech");
  auto reviewer = f.userClient("rev", "lab_reviewer");
  const auto campaign = f.campaign(1);
  Lab lab{f, *sampler, *tech};
  const auto tubes = lab.singleTubes(campaign, 2);
  lab.shipAndReceive(tubes);
  const auto plate = lab.plate(tubes);
  // The negative control amplified: contamination, the whole plate is invalid.
  std::string doc = resultsFor(plate, {}, "bad-run");
  const auto nc = doc.find(R"("sample":"NC","target":"ORF1ab","dye":"FAM","ct":null)");
  REQUIRE(nc != std::string::npos);
  doc.replace(doc.find("null", nc), 4, "25.0");
  const auto run = tech->post("/api/v1/runs", doc, "application/json");
  REQUIRE(run.status == 201);
  CHECK_FALSE(run.json()->getValue<bool>("valid"));
  const auto rel = reviewer->post("/api/v1/runs/" + std::to_string(run.json()->getValue<std::int64_t>("id")) + "/release", "");
  CHECK(rel.errorCode() == "plate_invalid");
  // Its tubes go on a new plate for the rerun.
  CHECK(tech->post("/api/v1/plates", R"({"tubes":)" + jsonList(tubes) + "}").status == 201);
}

TEST_CASE("a result file that does not match its plate is refused whole", "[server][lab]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tec", "lab_tech");
  const auto campaign = f.campaign(1);
  Lab lab{f, *sampler, *tech};
  const auto tubes = lab.singleTubes(campaign, 2);
  lab.shipAndReceive(tubes);
  const auto plate = lab.plate(tubes);
  std::string doc = resultsFor(plate, {}, "swap");
  // Swap the two tubes' names: a wrong well is never accepted silently.
  const std::string a = tubes[0], b = tubes[1];
  for (std::size_t p = doc.find(a); p != std::string::npos; p = doc.find(a, p + 1)) doc.replace(p, a.size(), "@@@@@@@@@@");
  for (std::size_t p = doc.find(b); p != std::string::npos; p = doc.find(b, p + 1)) doc.replace(p, b.size(), a);
  for (std::size_t p = doc.find("@@@@@@@@@@"); p != std::string::npos; p = doc.find("@@@@@@@@@@", p + 1)) doc.replace(p, 10, b);
  const auto r = tech->post("/api/v1/runs?plate=" + std::to_string(plate->getValue<std::int64_t>("id")), doc, "application/json");
  CHECK(r.status == 422);
  CHECK(r.errorCode() == "run_does_not_match_plate");
  CHECK(tech->post("/api/v1/runs", "garbage\x01\x02", "application/octet-stream").status == 422);
}

TEST_CASE("environment and goods samples are registered without an identity and tested like people", "[server][samples]") {
  ServerFixture f;
  auto sampler = f.userClient("sam", "sampler");
  auto tech = f.userClient("tec", "lab_tech");
  auto reviewer = f.userClient("rev", "lab_reviewer");
  const auto campaign = f.campaign(1);
  Lab lab{f, *sampler, *tech};
  const auto tubes = f.tubes(*sampler, 2);
  const std::string body = R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + tubes[0] +
                           R"(","sample":{"kind":"goods","description":"frozen fish, lot 42","location":"Cold store 3, bay 7"},"station":"market"})";
  const auto r = sampler->post("/api/v1/registrations", body, "application/json", {{"Idempotency-Key", "smp-1"}});
  REQUIRE(r.status == 201);
  const auto sampleId = r.json()->getValue<std::string>("sample_id");
  CHECK(sampleId.rfind("SMP-", 0) == 0);
  // A retry is the same sample, not a second one.
  const auto again = sampler->post("/api/v1/registrations", body, "application/json", {{"Idempotency-Key", "smp-1"}});
  CHECK(again.json()->getValue<std::string>("sample_id") == sampleId);
  CHECK(again.headers.count("Idempotent-Replayed") == 1);
  const auto bad = sampler->post("/api/v1/registrations", R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + tubes[1] +
                                                              R"(","sample":{"kind":"air","description":"x","location":"y"},"station":"m"})");
  CHECK(bad.errorField() == "sample.kind");
  lab.shipAndReceive({tubes[0]});
  const auto plate = lab.plate({tubes[0]});
  const auto run = tech->post("/api/v1/runs", resultsFor(plate, {tubes[0]}, "goods-run"), "application/json");
  REQUIRE(run.status == 201);
  REQUIRE(reviewer->post("/api/v1/runs/" + std::to_string(run.json()->getValue<std::int64_t>("id")) + "/release", "").status == 200);
  const auto progress = f.admin->get("/api/v1/campaigns/" + std::to_string(campaign) + "/progress").json();
  CHECK(progress->getObject("positives")->getValue<int>("individual") == 1);
}
