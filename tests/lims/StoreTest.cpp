#include <catch2/catch.hpp>

#include <functional>
#include <set>

#include "StoreFixture.h"
#include "natlims/lims/ApiError.h"

using natlims::lims::ApiError;
using natlims::test::StoreFixture;

namespace {

std::string refusalCode(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    return e.code();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("a tube opens on its first registration and closes itself at the pool size", "[store][pooling]") {
  StoreFixture f(10);
  const auto tube = f.tube();
  for (int i = 1; i <= 10; ++i) {
    const auto r = f.store->registerPerson(f.request(tube, i), f.sampler);
    CHECK(r.tube.count == i);
    CHECK(r.tube.poolSize == 10);
    CHECK(r.tube.state == (i == 10 ? "closed" : "open"));
  }
  CHECK(refusalCode([&] { f.store->registerPerson(f.request(tube, 11), f.sampler); }) == "tube_closed");
  const auto p = f.store->progress(f.campaign);
  CHECK(p.sampled == 10);
  CHECK(p.tubesOpen == 0);
  CHECK(p.tubesClosed == 1);
}

TEST_CASE("pooling rules are enforced per tube", "[store][pooling]") {
  struct Row {
    const char* name;
    int poolSize;      // requested pool size for the opening registration (0: campaign's)
    int registrations; // people registered before the check
    bool closeFirst;   // close the tube explicitly before the check
    const char* expected;
  };
  const Row rows[] = {
      {"single tube closes at 1", 1, 1, false, "tube_closed"},
      {"20-in-1 takes a 20th", 20, 19, false, "accepted"},
      {"20-in-1 refuses a 21st", 20, 20, false, "tube_closed"},
      {"closed early refuses more", 0, 3, true, "tube_closed"},
      {"campaign pool 10 takes a 10th", 0, 9, false, "accepted"},
  };
  for (const Row& row : rows) {
    INFO(row.name);
    StoreFixture f(10);
    const auto tube = f.tube();
    for (int i = 0; i < row.registrations; ++i) {
      auto req = f.request(tube, i);
      if (row.poolSize) req.poolSize = row.poolSize;
      f.store->registerPerson(req, f.sampler);
    }
    if (row.closeFirst) f.store->closeTube(tube, f.sampler);
    CHECK(refusalCode([&] { f.store->registerPerson(f.request(tube, 500), f.sampler); }) == row.expected);
  }
}

TEST_CASE("a person is registered once per campaign unless resampled with a reason", "[store]") {
  StoreFixture f;
  const auto t1 = f.tube(), t2 = f.tube();
  f.store->registerPerson(f.request(t1, 1), f.sampler);
  CHECK(refusalCode([&] { f.store->registerPerson(f.request(t2, 1), f.sampler); }) == "already_registered");
  auto again = f.request(t2, 1);
  again.resample = true;
  again.reason = "sample spilled";
  CHECK(f.store->registerPerson(again, f.sampler).tube.count == 1);
  CHECK(f.store->progress(f.campaign).sampled == 1);
  CHECK(f.store->progress(f.campaign).registrations == 2);
}

TEST_CASE("the same idempotency key returns the same answer and adds nothing", "[store][idempotency]") {
  StoreFixture f;
  const auto tube = f.tube();
  auto req = f.request(tube, 1);
  req.idempotencyKey = "key-1";
  const auto first = f.store->registerPerson(req, f.sampler);
  const auto second = f.store->registerPerson(req, f.sampler);
  CHECK(second.replayed);
  CHECK(second.id == first.id);
  CHECK(second.tube.count == 1);
  CHECK(f.store->progress(f.campaign).registrations == 1);
  // The key of another person's registration is not a replay of this one.
  auto other = f.request(tube, 2);
  other.idempotencyKey = "key-1";
  CHECK_FALSE(f.store->registerPerson(other, f.sampler).replayed);
  // The same key for the same person but another tube is a client error.
  auto moved = req;
  moved.tube = f.tube();
  CHECK(refusalCode([&] { f.store->registerPerson(moved, f.sampler); }) == "idempotency_key_reused");
}

TEST_CASE("tube refusals: never issued, other campaign", "[store]") {
  StoreFixture f;
  const auto neverIssued = natlims::domain::makeCodeFromNumber(natlims::domain::CodeKind::Tube, 42);
  CHECK(refusalCode([&] { f.store->registerPerson(f.request(neverIssued, 1), f.sampler); }) == "unknown_tube");
  const auto tube = f.tube();
  f.store->registerPerson(f.request(tube, 1), f.sampler);
  natlims::lims::CampaignRecord other = f.campaign;
  other.name = "other";
  other = f.store->createCampaign(other, f.sampler);
  auto req = f.request(tube, 2);
  req.campaignId = other.id;
  CHECK(refusalCode([&] { f.store->registerPerson(req, f.sampler); }) == "tube_other_campaign");
  req.campaignId = 999;
  CHECK(refusalCode([&] { f.store->registerPerson(req, f.sampler); }) == "unknown_campaign");
}

TEST_CASE("a refused registration changes nothing", "[store]") {
  StoreFixture f;
  const auto tube = f.tube();
  f.store->registerPerson(f.request(tube, 1), f.sampler);
  auto unknownPerson = f.request(tube, 2);
  unknownPerson.name.reset();  // not in the register and no name: refused after the person lookup
  CHECK(refusalCode([&] { f.store->registerPerson(unknownPerson, f.sampler); }) == "invalid");
  const auto p = f.store->progress(f.campaign);
  CHECK(p.registrations == 1);
  CHECK(f.store->registerPerson(f.request(tube, 3), f.sampler).tube.count == 2);
}

TEST_CASE("the register's name must match the name given", "[store]") {
  StoreFixture f;
  natlims::lims::PersonRow row;
  row.idType = static_cast<int>(natlims::domain::IdType::ResidentId);
  row.idNumber = StoreFixture::residentId(7);
  row.name = "Li  Lei";
  row.gridPath = "D1/S1/C1";
  f.store->importPopulation({row}, f.sampler);
  const auto tube = f.tube();
  auto req = f.request(tube, 7);
  req.name = "Wang Wu";
  CHECK(refusalCode([&] { f.store->registerPerson(req, f.sampler); }) == "name_mismatch");
  req.name = "li lei";
  CHECK(refusalCode([&] { f.store->registerPerson(req, f.sampler); }) == "accepted");
  CHECK(f.store->progress(f.campaign).population == 1);
}

TEST_CASE("undo removes a registration from an open tube only, once", "[store]") {
  StoreFixture f(3);
  const auto tube = f.tube();
  f.store->registerPerson(f.request(tube, 1), f.sampler);
  const auto r2 = f.store->registerPerson(f.request(tube, 2), f.sampler);
  auto after = f.store->voidRegistration(r2.id, "wrong person", f.sampler);
  CHECK(after.count == 1);
  CHECK(f.store->voidRegistration(r2.id, "wrong person", f.sampler).count == 1);  // idempotent
  CHECK(f.store->progress(f.campaign).sampled == 1);
  // The undone person may now be registered normally.
  CHECK(f.store->registerPerson(f.request(tube, 2), f.sampler).tube.count == 2);
  const auto r3 = f.store->registerPerson(f.request(tube, 3), f.sampler);
  CHECK(r3.tube.state == "closed");
  CHECK(refusalCode([&] { f.store->voidRegistration(r3.id, "late", f.sampler); }) == "tube_closed");
}

TEST_CASE("the pipeline's running tube counts follow opening, undo and closing", "[store][tracking]") {
  StoreFixture f(3);
  const auto full = f.tube(), early = f.tube(), open = f.tube();
  for (int i = 1; i <= 3; ++i) f.store->registerPerson(f.request(full, i), f.sampler);
  f.store->registerPerson(f.request(early, 4), f.sampler);
  const auto undone = f.store->registerPerson(f.request(early, 5), f.sampler);
  f.store->voidRegistration(undone.id, "wrong person", f.sampler);
  f.store->closeTube(early, f.sampler);
  f.store->registerPerson(f.request(open, 6), f.sampler);
  f.store->registerPerson(f.request(open, 7), f.sampler);
  const auto [counts, truth] = natlims::test::tubeCountsAndTruth(f.dir.file("lims.db"));
  CHECK(counts == truth);
  CHECK(truth == "1/closed 2 4\n1/open 1 2\n");
  const auto p = f.store->pipeline(f.campaign.id, natlims::lims::nowMillis(), 240, 120);
  CHECK(p.registeredTubes == 3);
  CHECK(p.closedTubes == 2);
  // Reopening the store keeps the counts (they are rows, not memory).
  f.reopen();
  CHECK(f.store->pipeline(f.campaign.id, natlims::lims::nowMillis(), 240, 120).closedTubes == 2);
}

TEST_CASE("closing is idempotent and an empty tube cannot be closed", "[store]") {
  StoreFixture f;
  const auto tube = f.tube();
  CHECK(refusalCode([&] { f.store->closeTube(tube, f.sampler); }) == "tube_empty");
  f.store->registerPerson(f.request(tube, 1), f.sampler);
  CHECK(f.store->closeTube(tube, f.sampler).state == "closed");
  CHECK(f.store->closeTube(tube, f.sampler).count == 1);
  CHECK(f.store->progress(f.campaign).tubesClosed == 1);
}

TEST_CASE("allocated codes are valid, distinct and refused by kind elsewhere", "[store][codes]") {
  StoreFixture f;
  const auto tubes = f.store->allocateCodes(natlims::domain::CodeKind::Tube, 2000, f.sampler);
  const auto boxes = f.store->allocateCodes(natlims::domain::CodeKind::Box, 10, f.sampler);
  std::set<std::string> seen(tubes.begin(), tubes.end());
  CHECK(seen.size() == 2000);
  for (const auto& c : tubes) CHECK(natlims::domain::validateCode(c, natlims::domain::CodeKind::Tube).ok);
  for (const auto& c : boxes) CHECK(natlims::domain::validateCode(c, natlims::domain::CodeKind::Box).ok);
  CHECK(refusalCode([&] { f.store->registerPerson(f.request(boxes[0], 1), f.sampler); }) == "unknown_tube");
}

TEST_CASE("committed data survives reopening the store", "[store][durability]") {
  StoreFixture f;
  const auto tube = f.tube();
  f.store->registerPerson(f.request(tube, 1), f.sampler);
  f.reopen();
  CHECK(f.store->progress(f.campaign).sampled == 1);
  CHECK(natlims::test::StoreFixture::residentId(1).size() == 18);
  CHECK(refusalCode([&] { f.store->registerPerson(f.request(tube, 1), f.sampler); }) == "already_registered");
}

TEST_CASE("population import upserts by document and creates the grid hierarchy", "[store][population]") {
  StoreFixture f;
  std::vector<natlims::lims::PersonRow> rows;
  for (int i = 0; i < 100; ++i) {
    natlims::lims::PersonRow r;
    r.idType = 0;
    r.idNumber = StoreFixture::residentId(i);
    r.name = "P" + std::to_string(i);
    r.gridPath = "D1/S" + std::to_string(i % 2) + "/C1";
    rows.push_back(r);
  }
  auto c = f.store->importPopulation(rows, f.sampler);
  CHECK(c.imported == 100);
  CHECK(c.updated == 0);
  c = f.store->importPopulation(rows, f.sampler);
  CHECK(c.imported == 0);
  CHECK(c.updated == 100);
  CHECK(f.store->progress(f.campaign).population == 100);
  natlims::lims::CampaignRecord narrow = f.campaign;
  narrow.area = "D1/S1";
  CHECK(f.store->progress(narrow).population == 50);
  narrow.area = "D1/S";  // a prefix of a name is not a level
  CHECK(f.store->progress(narrow).population == 0);
}
