#pragma once

#include "ServerProcess.h"
#include "natlims/domain/IdDocument.h"
#include "store/Sqlite.h"
#include "store/SqliteStore.h"

namespace natlims::test {

/// A real SqliteStore on a temporary file, with a sampler and a campaign ready.
struct StoreFixture {
  TempDir dir;
  std::unique_ptr<lims::SqliteStore> store;
  lims::Actor sampler;
  lims::CampaignRecord campaign;

  explicit StoreFixture(int poolSize = 10) {
    open();
    lims::Actor system{0, "test", lims::Role::Admin, "127.0.0.1", lims::nowMillis()};
    auto user = store->createUser("sampler1", lims::Role::Sampler, "x", system);
    sampler = {user.id, user.username, user.role, "127.0.0.1", lims::nowMillis()};
    lims::CampaignRecord c;
    c.name = "round";
    c.area = "D1";
    c.startsAt = lims::nowMillis();
    c.poolSize = poolSize;
    campaign = store->createCampaign(c, system);
  }

  void open() { store = std::make_unique<lims::SqliteStore>(lims::SqliteStore::Options{dir.file("lims.db")}, nullptr); }
  void reopen() {
    store.reset();
    open();
  }

  std::string tube() { return store->allocateCodes(domain::CodeKind::Tube, 1, sampler).at(0); }

  /// A valid resident ID number for serial `n` (distinct per n).
  static std::string residentId(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "1101051980%02d%02d%03d", 1 + n / 28 % 12, 1 + n % 28, n % 1000);
    std::string first17(buf);
    return first17 + domain::residentIdCheckChar(first17);
  }

  lims::RegistrationRequest request(const std::string& tube, int person) const {
    lims::RegistrationRequest r;
    r.campaignId = campaign.id;
    r.tube = tube;
    r.idType = static_cast<int>(domain::IdType::ResidentId);
    r.idNumber = residentId(person);
    r.name = "张三" + std::to_string(person);
    r.station = "S1";
    r.sampledAt = lims::nowMillis();
    return r;
  }
};

/// The running tube counts (kept by triggers, migration 007) against a count of the tubes
/// themselves, as "campaign/state tubes people" lines; equal strings mean the counts are right.
inline std::pair<std::string, std::string> tubeCountsAndTruth(const std::string& dbPath) {
  lims::sqlite::Connection db(dbPath, false, /*readOnly*/ true);
  const auto lines = [&](const char* sql) {
    lims::sqlite::Statement q(db, sql);
    std::string out;
    while (q.step())
      out += std::to_string(q.int64(0)) + "/" + q.text(1) + " " + std::to_string(q.int64(2)) + " " + std::to_string(q.int64(3)) + "\n";
    return out;
  };
  return {lines("SELECT campaign_id, state, tubes, people FROM campaign_tube_states WHERE tubes <> 0 OR people <> 0 "
                "ORDER BY 1, 2"),
          lines("SELECT campaign_id, state, count(*), sum(count) FROM tubes WHERE campaign_id IS NOT NULL GROUP BY 1, 2 "
                "ORDER BY 1, 2")};
}

}  // namespace natlims::test
