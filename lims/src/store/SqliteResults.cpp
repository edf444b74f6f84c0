// Release, lookup and the recall list.
#include <Poco/SHA2Engine.h>

#include "http/JsonWriter.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"
#include "store/Names.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

std::string reportMessageId(const std::string& tube) { return "natlims-report-" + tube; }

namespace {

// A person's status from a tube's released result: a positive or grey-zone pooled tube makes
// every one of its people pool_positive until their single-tube result arrives.
std::string statusFor(const std::string& result, int poolSize) {
  if ((result == "positive" || result == "retest") && poolSize > 1) return "pool_positive";
  return result;
}

// One person of a health-code batch from a row (id_type, id_number, name, result, pool_size,
// sampled_at, tube): the contract's payload, full identity (the authority's own system).
void writeHealthcodeRow(JsonWriter& batch, sqlite::Statement& row, Millis resultedAt) {
  const auto type = static_cast<domain::IdType>(row.int64(0));
  batch.beginObject()
      .member("id_type", std::string(domain::idTypeName(type)))
      .member("id_number", row.text(1))
      .member("name", row.text(2))
      .member("status", statusFor(row.text(3), static_cast<int>(row.int64(4))))
      .member("sampled_at", formatRfc3339(row.int64(5), 480))
      .member("resulted_at", formatRfc3339(resultedAt, 480))
      .member("tube", row.text(6))
      .member("lab", "natlims")
      .endObject();
}

}  // namespace

std::string SqliteStore::healthcodeBatch(std::int64_t resultId, Millis resultedAt) {
  auto& people = writer().stmt(
      "SELECT p.id_type, p.id_number, p.name, res.result, t.pool_size, reg.sampled_at, t.code "
      "FROM results res JOIN tubes t ON t.id = res.tube_id "
      "JOIN registrations reg ON reg.tube_id = t.id AND reg.voided_at IS NULL "
      "JOIN persons p ON p.id = reg.person_id WHERE res.id = ? AND p.id_type <> 100");
  sqlite::StatementScope scope(people);
  people.bind(1, resultId);
  JsonWriter batch;
  batch.beginObject().key("results").beginArray();
  while (people.step()) writeHealthcodeRow(batch, people, resultedAt);
  batch.endArray().endObject();
  return batch.take();
}

StoredRun SqliteStore::releaseRun(std::int64_t runId, bool techMayReleaseNegatives, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    auto run = findRunIn(db, runId);
    if (!run) throw ApiError::notFound("unknown_run", "no run with this id");
    if (run->releasedAt) throw ApiError::conflict("run_released", "this run was released already; a release is final");
    if (!run->plateValid)
      throw ApiError::conflict("plate_invalid", "the plate's controls failed: lay its tubes out on a new plate and rerun them");
    const bool allNegative =
        std::all_of(run->tubes.begin(), run->tubes.end(), [](const TubeResultRecord& t) { return t.result == "negative"; });
    if (actor.role == Role::LabTech) {
      if (!techMayReleaseNegatives)
        throw ApiError(403, "forbidden", "a lab_reviewer releases runs (release.tech_may_release_negatives is off)");
      if (!allNegative) throw ApiError(403, "forbidden", "positives, retests and invalids need a lab_reviewer");
    }
    if (!allNegative && actor.userId == run->importedBy)
      throw ApiError(403, "two_person_rule", "the person who imported a run with non-negative results cannot release it");
    db.stmt("UPDATE runs SET released_at = ?, released_by = ? WHERE id = ?").bind(1, actor.at).bind(2, actor.userId).bind(3, runId).run();
    db.stmt("UPDATE results SET released_at = ? WHERE run_id = ?").bind(1, actor.at).bind(2, runId).run();
    db.stmt("UPDATE tubes SET state = 'released' WHERE id IN (SELECT tube_id FROM results WHERE run_id = ?)").bind(1, runId).run();
    db.stmt("UPDATE plates SET state = 'released' WHERE id = ?").bind(1, run->plateId).run();

    // Reports of positives, each with its SLA deadline from the campaign.
    auto& positives = db.stmt(
        "SELECT r.id, c.report_sla_minutes, t.code, r.version FROM results r JOIN tubes t ON t.id = r.tube_id "
        "JOIN campaigns c ON c.id = t.campaign_id WHERE r.run_id = ? AND r.result IN ('positive', 'retest')");
    auto& report = db.stmt(
        "INSERT INTO outbox(kind, message_id, result_id, payload, created_at, deadline_at, next_attempt_at) "
        "VALUES('report', ?, ?, '{}', ?, ?, ?)");
    {
      struct Due {
        std::int64_t resultId, sla;
        std::string tube;
        std::int64_t version;
      };
      std::vector<Due> due;
      {
        sqlite::StatementScope scope(positives);
        positives.bind(1, runId);
        while (positives.step()) due.push_back({positives.int64(0), positives.int64(1), positives.text(2), positives.int64(3)});
      }
      // The message id names the tube (released once) and the version, so every version of a
      // tube's report has its own outbox row and the receiver sees one lineage.
      for (const auto& [resultId, sla, tube, version] : due)
        report.bind(1, reportMessageId(tube) + "-v" + std::to_string(version))
            .bind(2, resultId)
            .bind(3, actor.at)
            .bind(4, actor.at + sla * 60'000)
            .bind(5, actor.at)
            .run();
    }

    // Every released result goes to the health-code system, one batch per run.
    auto& people = db.stmt(
        "SELECT p.id_type, p.id_number, p.name, res.result, t.pool_size, reg.sampled_at, t.code "
        "FROM results res JOIN tubes t ON t.id = res.tube_id "
        "JOIN registrations reg ON reg.tube_id = t.id AND reg.voided_at IS NULL "
        "JOIN persons p ON p.id = reg.person_id WHERE res.run_id = ? AND p.id_type <> 100");
    JsonWriter batch;
    batch.beginObject().key("results").beginArray();
    std::size_t count = 0;
    {
      sqlite::StatementScope scope(people);
      people.bind(1, runId);
      while (people.step()) {
        writeHealthcodeRow(batch, people, actor.at);
        ++count;
      }
    }
    batch.endArray().endObject();
    if (count > 0)
      db.stmt("INSERT INTO outbox(kind, message_id, payload, created_at, next_attempt_at) VALUES('healthcode', ?, ?, ?, ?)")
          .bind(1, "natlims-healthcode-run-" + std::to_string(runId) + "-v1")
          .bind(2, batch.str())
          .bind(3, actor.at)
          .bind(4, actor.at)
          .run();
    audit(actor, "run.release", "run:" + std::to_string(runId),
          "tubes=" + std::to_string(run->tubes.size()) + " people=" + std::to_string(count));
    run->releasedAt = actor.at;
    return *run;
  });
}

std::optional<PersonStatus> SqliteStore::lookup(int idType, const std::string& idNumber, const std::string& nationality,
                                                const std::string& name) {
  auto r = reader();
  ReadTransaction snapshot(*r);
  PersonStatus s;
  std::int64_t personId = 0;
  {
    auto& q = r->stmt("SELECT id, name FROM persons WHERE id_type = ? AND id_number = ? AND nationality = ?");
    sqlite::StatementScope scope(q);
    q.bind(1, idType).bind(2, idNumber).bind(3, nationality);
    if (!q.step()) return std::nullopt;
    // A name that does not match reveals nothing: the caller answers as for an unknown person.
    if (comparableName(q.text(1)) != comparableName(name)) return std::nullopt;
    personId = q.int64(0);
    s.name = q.text(1);
  }
  s.idType = std::string(domain::idTypeName(static_cast<domain::IdType>(idType)));
  s.idNumber = idNumber;
  s.status = "not_sampled";
  std::int64_t tubeId = 0;
  int poolSize = 0;
  {
    auto& q = r->stmt(
        "SELECT reg.campaign_id, reg.sampled_at, t.id, t.code, t.pool_size FROM registrations reg "
        "JOIN tubes t ON t.id = reg.tube_id WHERE reg.campaign_id IN (SELECT id FROM campaigns) "
        "AND reg.person_id = ? AND reg.voided_at IS NULL ORDER BY reg.sampled_at DESC, reg.id DESC LIMIT 1");
    sqlite::StatementScope scope(q);
    q.bind(1, personId);
    if (!q.step()) return s;
    s.campaignId = q.int64(0);
    s.sampledAt = q.int64(1);
    tubeId = q.int64(2);
    s.tube = q.text(3);
    poolSize = static_cast<int>(q.optInt64(4).value_or(1));
  }
  s.status = "pending";
  auto& q = r->stmt(
      "SELECT result, released_at FROM results WHERE tube_id = ? AND released_at IS NOT NULL AND superseded = 0 "
      "ORDER BY version DESC, id DESC LIMIT 1");
  sqlite::StatementScope scope(q);
  q.bind(1, tubeId);
  if (q.step()) {
    s.status = statusFor(q.text(0), poolSize);
    s.resultedAt = q.int64(1);
  }
  return s;
}

std::vector<RecallEntry> SqliteStore::recallList(std::int64_t campaignId) {
  auto r = reader();
  auto& q = r->stmt(
      "SELECT t.code, res.result, p.name, coalesce(p.phone, ''), p.id_type, p.id_number, coalesce(g.path, ''), s.name, "
      "reg.sampled_at, res.released_at, "
      "(SELECT t2.code FROM tubes t2 JOIN registrations r2 ON r2.tube_id = t2.id AND r2.voided_at IS NULL "
      "  WHERE t2.recall_of = t.id AND r2.person_id = p.id ORDER BY r2.id DESC LIMIT 1), "
      "(SELECT res2.result FROM tubes t2 JOIN registrations r2 ON r2.tube_id = t2.id AND r2.voided_at IS NULL "
      "  JOIN results res2 ON res2.tube_id = t2.id AND res2.released_at IS NOT NULL AND res2.superseded = 0 "
      "  WHERE t2.recall_of = t.id AND r2.person_id = p.id ORDER BY res2.id DESC LIMIT 1) "
      "FROM results res CROSS JOIN tubes t ON t.id = res.tube_id "
      "JOIN registrations reg ON reg.tube_id = t.id AND reg.voided_at IS NULL "
      "JOIN persons p ON p.id = reg.person_id LEFT JOIN grid_units g ON g.id = p.grid_unit_id "
      "JOIN stations s ON s.id = reg.station_id "
      "WHERE t.campaign_id = ? AND t.pool_size > 1 AND res.released_at IS NOT NULL AND res.superseded = 0 "
      "AND res.result IN ('positive', 'retest') ORDER BY res.released_at, t.code, reg.position");
  sqlite::StatementScope scope(q);
  q.bind(1, campaignId);
  std::vector<RecallEntry> out;
  while (q.step()) {
    RecallEntry e;
    e.poolTube = q.text(0);
    e.poolResult = q.text(1);
    e.name = q.text(2);
    e.phone = q.text(3);
    const auto type = q.int64(4);
    e.idType = type == kSampleIdType ? "sample" : std::string(domain::idTypeName(static_cast<domain::IdType>(type)));
    e.idNumber = q.text(5);
    e.gridUnit = q.text(6);
    e.station = q.text(7);
    e.sampledAt = q.int64(8);
    e.releasedAt = q.int64(9);
    e.resampleTube = q.optText(10).value_or("");
    e.resampleResult = q.optText(11).value_or("");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace natlims::lims
