// Repeat-testing enrolments and corrections of released results.
#include "natlims/lims/ApiError.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

std::string reportMessageId(const std::string& tube);  // SqliteResults.cpp

std::int64_t SqliteStore::enrol(const PersonRow& person, const std::string& protocol, const std::string& startDate,
                                const std::string& endDate, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    std::optional<std::int64_t> personId;
    {
      auto& q = db.stmt("SELECT id FROM persons WHERE id_type = ? AND id_number = ? AND nationality = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, person.idType).bind(2, person.idNumber).bind(3, person.nationality);
      if (q.step()) personId = q.int64(0);
    }
    if (!personId) {
      db.stmt("INSERT INTO persons(id_type, id_number, nationality, name, phone) VALUES(?,?,?,?,?)")
          .bind(1, person.idType)
          .bind(2, person.idNumber)
          .bind(3, person.nationality)
          .bind(4, person.name)
          .bindOptional(5, person.phone.empty() ? std::nullopt : std::optional(person.phone))
          .run();
      personId = db.db().lastInsertRowid();
    }
    {
      auto& q = db.stmt("SELECT 1 FROM enrolments WHERE person_id = ? AND protocol = ? AND start_date = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, *personId).bind(2, protocol).bind(3, startDate);
      if (q.step()) throw ApiError::conflict("already_enrolled", "this person is enrolled in this protocol from this date");
    }
    db.stmt("INSERT INTO enrolments(person_id, protocol, start_date, end_date, created_at, created_by) VALUES(?,?,?,?,?,?)")
        .bind(1, *personId)
        .bind(2, protocol)
        .bind(3, startDate)
        .bindOptional(4, endDate.empty() ? std::nullopt : std::optional(endDate))
        .bind(5, actor.at)
        .bindOptional(6, actor.userId ? std::optional(actor.userId) : std::nullopt)
        .run();
    const auto id = db.db().lastInsertRowid();
    audit(actor, "protocol.enrol", "enrolment:" + std::to_string(id), "protocol=" + protocol);
    return id;
  });
}

std::vector<Enrolment> SqliteStore::enrolments() {
  auto r = reader();
  std::vector<Enrolment> out;
  auto& q = r->stmt(
      "SELECT e.id, e.protocol, e.start_date, coalesce(e.end_date, ''), p.id_type, p.id_number, p.name, p.id "
      "FROM enrolments e JOIN persons p ON p.id = e.person_id ORDER BY e.id");
  auto& samples = r->stmt(
      "SELECT sampled_at FROM registrations WHERE campaign_id IN (SELECT id FROM campaigns) AND person_id = ? "
      "AND voided_at IS NULL ORDER BY sampled_at");
  sqlite::StatementScope scope(q);
  while (q.step()) {
    Enrolment e;
    e.id = q.int64(0);
    e.protocol = q.text(1);
    e.startDate = q.text(2);
    e.endDate = q.text(3);
    e.idType = static_cast<int>(q.int64(4));
    e.idNumber = q.text(5);
    e.name = q.text(6);
    sqlite::StatementScope inner(samples);
    samples.bind(1, q.int64(7));
    while (samples.step()) e.sampledAt.push_back(samples.int64(0));
    out.push_back(std::move(e));
  }
  return out;
}

int SqliteStore::correctResult(const Correction& c, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    std::int64_t resultId = 0, tubeId = 0, runId = 0, sla = 120;
    int version = 0;
    std::string old, well, ct;
    {
      auto& q = db.stmt(
          "SELECT res.id, res.tube_id, res.run_id, res.version, res.result, res.well, res.ct, coalesce(cp.report_sla_minutes, 120) "
          "FROM results res JOIN tubes t ON t.id = res.tube_id LEFT JOIN campaigns cp ON cp.id = t.campaign_id "
          "WHERE t.code = ? AND res.released_at IS NOT NULL AND res.superseded = 0 ORDER BY res.version DESC LIMIT 1");
      sqlite::StatementScope scope(q);
      q.bind(1, c.tube);
      if (!q.step()) throw ApiError::conflict("not_released", "this tube has no released result to correct", "tube");
      resultId = q.int64(0);
      tubeId = q.int64(1);
      runId = q.int64(2);
      version = static_cast<int>(q.int64(3));
      old = q.text(4);
      well = q.text(5);
      ct = q.text(6);
      sla = q.int64(7);
    }
    if (old == c.result) throw ApiError::conflict("same_result", "the released result is already " + c.result, "result");
    db.stmt("UPDATE results SET superseded = 1 WHERE id = ?").bind(1, resultId).run();
    db.stmt("INSERT INTO results(tube_id, run_id, well, result, ct, reason, version, released_at, correction_reason) "
            "VALUES(?,?,?,?,?,?,?,?,?)")
        .bind(1, tubeId)
        .bind(2, runId)
        .bind(3, well)
        .bind(4, c.result)
        .bind(5, ct)
        .bind(6, "corrected: " + c.reason)
        .bind(7, version + 1)
        .bind(8, actor.at)
        .bind(9, c.reason)
        .run();
    const auto newId = db.db().lastInsertRowid();
    // Public health has (or will have) a report when the tube was or now is positive: the
    // correction goes to it as the next version of that report.
    const auto reportable = [](const std::string& r) { return r == "positive" || r == "retest"; };
    if (reportable(old) || reportable(c.result))
      db.stmt("INSERT INTO outbox(kind, message_id, result_id, payload, created_at, deadline_at, next_attempt_at) "
              "VALUES('report', ?, ?, '{}', ?, ?, ?)")
          .bind(1, reportMessageId(c.tube) + "-v" + std::to_string(version + 1))
          .bind(2, newId)
          .bind(3, actor.at)
          .bind(4, actor.at + sla * 60'000)
          .bind(5, actor.at)
          .run();
    db.stmt("INSERT INTO outbox(kind, message_id, payload, created_at, next_attempt_at) VALUES('healthcode', ?, ?, ?, ?)")
        .bind(1, "natlims-healthcode-correction-" + c.tube + "-v" + std::to_string(version + 1))
        .bind(2, healthcodeBatch(newId, actor.at))
        .bind(3, actor.at)
        .bind(4, actor.at)
        .run();
    audit(actor, "result.correct", "tube:" + c.tube, old + " -> " + c.result + ": " + c.reason);
    return version + 1;
  });
}

}  // namespace natlims::lims
