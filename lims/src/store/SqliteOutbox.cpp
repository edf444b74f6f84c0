// The outbox and the daily figures.
#include "store/SqliteStore.h"

namespace natlims::lims {

namespace {

OutboxItem readItem(sqlite::Statement& q) {
  OutboxItem i;
  i.id = q.int64(0);
  i.kind = q.text(1);
  i.messageId = q.text(2);
  i.resultId = q.optInt64(3);
  i.payload = q.text(4);
  i.attempts = static_cast<int>(q.int64(5));
  i.createdAt = q.int64(6);
  i.deadline = q.optInt64(7).value_or(0);
  return i;
}

constexpr const char* kItemColumns =
    "SELECT id, kind, message_id, result_id, payload, attempts, created_at, deadline_at FROM outbox ";

}  // namespace

std::vector<OutboxItem> SqliteStore::dueOutbox(Millis now, int limit) {
  auto r = reader();
  // Reports before result pushes, the nearest deadline first: a positive must never wait behind
  // a large batch of negatives.
  auto& q = r->stmt(std::string(kItemColumns) +
                    "WHERE delivered_at IS NULL AND rejected = 0 AND next_attempt_at <= ? "
                    "ORDER BY kind = 'healthcode', coalesce(deadline_at, created_at) LIMIT ?");
  sqlite::StatementScope scope(q);
  q.bind(1, now).bind(2, limit);
  std::vector<OutboxItem> out;
  while (q.step()) out.push_back(readItem(q));
  return out;
}

std::vector<OutboxItem> SqliteStore::reportsDueBefore(Millis before) {
  auto r = reader();
  auto& q = r->stmt(std::string(kItemColumns) +
                    "WHERE kind = 'report' AND delivered_at IS NULL AND deadline_at < ? ORDER BY deadline_at");
  sqlite::StatementScope scope(q);
  q.bind(1, before);
  std::vector<OutboxItem> out;
  while (q.step()) out.push_back(readItem(q));
  return out;
}

std::optional<ReportFacts> SqliteStore::reportFacts(std::int64_t resultId) {
  auto r = reader();
  ReportFacts f;
  std::int64_t tubeId = 0;
  {
    auto& q = r->stmt(
        "SELECT res.id, t.code, coalesce(t.pool_size, 1), res.result, res.ct, runs.kit_id, runs.kit_version, res.version, "
        "coalesce(res.correction_reason, ''), res.released_at, coalesce(u.username, ''), coalesce(t.received_at, 0), t.id "
        "FROM results res JOIN tubes t ON t.id = res.tube_id JOIN runs ON runs.id = res.run_id "
        "LEFT JOIN users u ON u.id = runs.released_by WHERE res.id = ?");
    sqlite::StatementScope scope(q);
    q.bind(1, resultId);
    if (!q.step()) return std::nullopt;
    f.resultId = q.int64(0);
    f.tube = q.text(1);
    f.poolSize = static_cast<int>(q.int64(2));
    f.result = q.text(3);
    f.ctJson = q.text(4);
    f.kitId = q.text(5);
    f.kitVersion = q.text(6);
    f.version = static_cast<int>(q.int64(7));
    f.correctionReason = q.text(8);
    f.releasedAt = q.optInt64(9).value_or(0);
    f.releasedBy = q.text(10);
    f.receivedAt = q.int64(11);
    tubeId = q.int64(12);
  }
  auto& q = r->stmt(
      "SELECT p.id_type, p.id_number, p.nationality, p.name, coalesce(p.phone, ''), coalesce(s.location, ''), reg.sampled_at "
      "FROM registrations reg JOIN persons p ON p.id = reg.person_id LEFT JOIN samples s ON s.person_id = p.id "
      "WHERE reg.tube_id = ? AND reg.voided_at IS NULL ORDER BY reg.position");
  sqlite::StatementScope scope(q);
  q.bind(1, tubeId);
  while (q.step()) {
    f.subjects.push_back({static_cast<int>(q.int64(0)), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)});
    f.collectedAt = std::max(f.collectedAt, q.int64(6));
  }
  return f;
}

void SqliteStore::markOutbox(std::int64_t id, const OutboxMark& mark) {
  _writer->run([&](WriteContext& ctx) {
    auto& db = ctx.db();
    switch (mark.state) {
      case OutboxMark::State::Delivered:
        db.stmt("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")
            .bind(1, mark.at)
            .bind(2, id)
            .run();
        break;
      case OutboxMark::State::Rejected:
        db.stmt("UPDATE outbox SET rejected = 1, attempts = attempts + 1, last_error = ? WHERE id = ?")
            .bind(1, mark.error)
            .bind(2, id)
            .run();
        break;
      case OutboxMark::State::Retry:
        db.stmt("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")
            .bind(1, mark.nextAttemptAt)
            .bind(2, mark.error)
            .bind(3, id)
            .run();
        break;
    }
  });
}

DailyFigures SqliteStore::dailyFigures(Millis from, Millis to) {
  auto r = reader();
  DailyFigures d;
  const auto one = [&](const char* sql) {
    auto& q = r->stmt(sql);
    sqlite::StatementScope scope(q);
    q.bind(1, from).bind(2, to);
    q.step();
    return q.int64(0);
  };
  d.sampledPeople = one(
      "SELECT count(DISTINCT person_id) FROM registrations WHERE sampled_at >= ?1 AND sampled_at < ?2 AND voided_at IS NULL");
  d.tubes = one("SELECT count(*) FROM tubes WHERE opened_at >= ?1 AND opened_at < ?2");
  d.tested = one("SELECT count(*) FROM results r JOIN runs ON runs.id = r.run_id WHERE runs.imported_at >= ?1 AND runs.imported_at < ?2");
  {
    auto& q = r->stmt(
        "SELECT r.result, coalesce(t.pool_size, 1) > 1, count(*) FROM results r JOIN tubes t ON t.id = r.tube_id "
        "WHERE r.released_at >= ?1 AND r.released_at < ?2 AND r.superseded = 0 GROUP BY 1, 2");
    sqlite::StatementScope scope(q);
    q.bind(1, from).bind(2, to);
    while (q.step()) {
      const std::string result = q.text(0);
      const bool pooled = q.int64(1) != 0;
      const auto n = q.int64(2);
      if (result == "negative") d.negative += n;
      else if (result == "invalid") d.invalid += n;
      else if (result == "retest") {
        d.retests += n;
        if (pooled) d.positivePools += n;
      } else if (result == "positive") {
        if (pooled) d.positivePools += n;
        else d.positiveIndividuals += n;
      }
    }
  }
  {
    auto& q = r->stmt(
        "SELECT coalesce(sum(delivered_at IS NOT NULL AND delivered_at <= deadline_at), 0), "
        "coalesce(sum(delivered_at IS NOT NULL AND delivered_at > deadline_at), 0), coalesce(sum(delivered_at IS NULL), 0) "
        "FROM outbox WHERE kind = 'report' AND created_at >= ?1 AND created_at < ?2");
    sqlite::StatementScope scope(q);
    q.bind(1, from).bind(2, to);
    q.step();
    d.reportsWithinSla = q.int64(0);
    d.reportsLate = q.int64(1);
    d.reportsPending = q.int64(2);
  }
  {
    auto& q = r->stmt(
        "SELECT t.code, coalesce(t.pool_size, 1), res.result, res.released_at, coalesce(o.delivered_at, 0), "
        "coalesce(p.id_type, 0), coalesce(p.id_number, ''), coalesce(p.name, '') FROM results res "
        "JOIN tubes t ON t.id = res.tube_id LEFT JOIN outbox o ON o.result_id = res.id AND o.kind = 'report' "
        "LEFT JOIN registrations reg ON reg.tube_id = t.id AND reg.voided_at IS NULL AND coalesce(t.pool_size, 1) = 1 "
        "LEFT JOIN persons p ON p.id = reg.person_id "
        "WHERE res.released_at >= ?1 AND res.released_at < ?2 AND res.superseded = 0 AND res.result IN ('positive', 'retest') "
        "ORDER BY res.released_at");
    sqlite::StatementScope scope(q);
    q.bind(1, from).bind(2, to);
    while (q.step())
      d.positives.push_back({q.text(0), static_cast<int>(q.int64(1)), q.text(2), q.int64(3), q.int64(4),
                             static_cast<int>(q.int64(5)), q.text(6), q.text(7)});
  }
  return d;
}

}  // namespace natlims::lims
