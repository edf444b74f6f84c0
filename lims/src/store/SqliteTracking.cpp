// Live tracking queries: they read the running counts the writer keeps (campaign_hours,
// campaign_grid, grid_units.population, campaign_tube_states) and small indexed ranges, never
// all registrations, tubes or results.
#include <algorithm>

#include "natlims/domain/IdDocument.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

namespace {

// The subtree of `path` as a WHERE clause on grid_units g: the unit itself and every path
// below it ('0' is the character after '/').
constexpr const char* kSubtree = "(g.path = ?2 OR (g.path > ?2 || '/' AND g.path < ?2 || '0'))";

}  // namespace

std::vector<std::pair<std::int64_t, std::int64_t>> SqliteStore::samplingByHour(std::int64_t campaignId) {
  auto r = reader();
  auto& q = r->stmt("SELECT hour, sampled FROM campaign_hours WHERE campaign_id = ? ORDER BY hour");
  sqlite::StatementScope scope(q);
  q.bind(1, campaignId);
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  while (q.step()) out.emplace_back(q.int64(0), q.int64(1));
  return out;
}

std::optional<std::pair<CoverageRow, std::vector<CoverageRow>>> SqliteStore::coverage(std::int64_t campaignId,
                                                                                     const std::string& path) {
  auto r = reader();
  const auto counts = [&](CoverageRow& row) {
    auto& q = r->stmt(std::string("SELECT coalesce(sum(g.population), 0), coalesce(sum(cg.sampled), 0) FROM grid_units g "
                                  "LEFT JOIN campaign_grid cg ON cg.grid_unit_id = g.id AND cg.campaign_id = ?1 WHERE ") +
                      kSubtree);
    sqlite::StatementScope scope(q);
    q.bind(1, campaignId).bind(2, row.path);
    q.step();
    row.population = q.int64(0);
    row.sampled = q.int64(1);
  };
  CoverageRow self;
  std::int64_t id = 0;
  {
    auto& q = r->stmt("SELECT id, path, name, level FROM grid_units WHERE path = ?");
    sqlite::StatementScope scope(q);
    q.bind(1, path);
    if (!q.step()) return std::nullopt;
    id = q.int64(0);
    self.path = q.text(1);
    self.name = q.text(2);
    self.level = static_cast<int>(q.int64(3));
  }
  counts(self);
  std::vector<CoverageRow> children;
  {
    auto& q = r->stmt("SELECT path, name, level FROM grid_units WHERE parent_id = ? ORDER BY path");
    sqlite::StatementScope scope(q);
    q.bind(1, id);
    while (q.step()) {
      CoverageRow c;
      c.path = q.text(0);
      c.name = q.text(1);
      c.level = static_cast<int>(q.int64(2));
      children.push_back(std::move(c));
    }
  }
  for (auto& c : children) counts(c);
  return std::make_pair(self, children);
}

PipelineCounts SqliteStore::pipeline(std::int64_t campaignId, Millis now, int maxTransitMinutes, int maxWaitMinutes) {
  auto r = reader();
  PipelineCounts p;
  {
    // Running counts kept by triggers on tubes (migration 007): a few rows at any scale.
    auto& q = r->stmt("SELECT state, tubes FROM campaign_tube_states WHERE campaign_id = ?");
    sqlite::StatementScope scope(q);
    q.bind(1, campaignId);
    while (q.step()) {
      const std::string state = q.text(0);
      const auto n = q.int64(1);
      p.registeredTubes += n;
      if (state == "closed") p.closedTubes += n;
      else if (state == "boxed") p.boxedTubes += n;
      else if (state == "received") p.receivedTubes += n;
      else if (state == "tested") p.testedTubes += n;
      else if (state == "released") p.releasedTubes += n;
    }
  }
  {
    auto& q = r->stmt(
        "SELECT count(*), coalesce(sum(coalesce(b.handed_over_at, b.sealed_at) < ?2), 0) FROM boxes b "
        "WHERE b.state IN ('sealed', 'handed_over') AND EXISTS "
        "(SELECT 1 FROM tubes t WHERE t.box_id = b.id AND t.campaign_id = ?1)");
    sqlite::StatementScope scope(q);
    q.bind(1, campaignId).bind(2, now - static_cast<Millis>(maxTransitMinutes) * 60'000);
    q.step();
    p.inTransitBoxes = q.int64(0);
    p.boxesOverdue = q.int64(1);
  }
  {
    auto& q = r->stmt("SELECT count(*) FROM tubes WHERE campaign_id = ? AND state = 'received' AND received_at < ?");
    sqlite::StatementScope scope(q);
    q.bind(1, campaignId).bind(2, now - static_cast<Millis>(maxWaitMinutes) * 60'000);
    q.step();
    p.tubesWaitingLong = q.int64(0);
  }
  {
    // Turnaround of the most recent releases (receipt to release), as a median.
    auto& q = r->stmt(
        "SELECT (res.released_at - t.received_at) / 60000.0 FROM results res CROSS JOIN tubes t ON t.id = res.tube_id "
        "WHERE t.campaign_id = ? AND res.released_at IS NOT NULL AND t.received_at IS NOT NULL "
        "ORDER BY res.released_at DESC LIMIT 1000");
    sqlite::StatementScope scope(q);
    q.bind(1, campaignId);
    std::vector<double> minutes;
    while (q.step()) minutes.push_back(q.real(0));
    if (!minutes.empty()) {
      std::nth_element(minutes.begin(), minutes.begin() + static_cast<std::ptrdiff_t>(minutes.size() / 2), minutes.end());
      p.medianTurnaroundMinutes = minutes[minutes.size() / 2];
    }
  }
  return p;
}

std::vector<PositiveView> SqliteStore::positives(std::int64_t campaignId) {
  auto r = reader();
  auto& q = r->stmt(
      "SELECT t.code, t.pool_size, t.count, res.result, res.released_at, o.deadline_at, o.delivered_at "
      "FROM results res CROSS JOIN tubes t ON t.id = res.tube_id LEFT JOIN outbox o ON o.result_id = res.id AND o.kind = 'report' "
      "WHERE t.campaign_id = ? AND res.released_at IS NOT NULL AND res.superseded = 0 "
      "AND res.result IN ('positive', 'retest') ORDER BY res.released_at DESC LIMIT 500");
  sqlite::StatementScope scope(q);
  q.bind(1, campaignId);
  std::vector<PositiveView> out;
  while (q.step()) {
    PositiveView v;
    v.tube = q.text(0);
    v.pooled = q.optInt64(1).value_or(1) > 1;
    v.people = q.int64(2);
    v.result = q.text(3);
    v.releasedAt = q.int64(4);
    v.deadline = q.optInt64(5).value_or(0);
    v.deliveredAt = q.optInt64(6).value_or(0);
    out.push_back(std::move(v));
  }
  return out;
}

void SqliteStore::notSampled(std::int64_t campaignId, const std::string& path,
                             const std::function<void(const NotSampledRow&)>& row) {
  auto r = reader();
  auto& q = r->stmt(std::string("SELECT g.path, p.name, coalesce(p.phone, ''), p.id_type, p.id_number FROM grid_units g "
                                "JOIN persons p ON p.grid_unit_id = g.id WHERE ") +
                    kSubtree +
                    " AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.campaign_id = ?1 AND r.person_id = p.id "
                    "AND r.voided_at IS NULL) ORDER BY g.path, p.name");
  sqlite::StatementScope scope(q);
  q.bind(1, campaignId).bind(2, path);
  while (q.step()) {
    NotSampledRow n;
    n.gridUnit = q.text(0);
    n.name = q.text(1);
    n.phone = q.text(2);
    n.idType = std::string(domain::idTypeName(static_cast<domain::IdType>(q.int64(3))));
    n.idNumber = q.text(4);
    row(n);
  }
}

}  // namespace natlims::lims

namespace natlims::lims {

void SqliteStore::savePlan(std::int64_t campaignId, const CampaignPlan& plan, const Actor& actor) {
  std::string hourly = "[";
  for (std::size_t i = 0; i < plan.hourlyPeople.size(); ++i)
    hourly += (i ? "," : "") + std::to_string(static_cast<std::int64_t>(plan.hourlyPeople[i] + 0.5));
  hourly += "]";
  _writer->run([&](WriteContext& ctx) {
    ctx.db()
        .stmt("INSERT INTO campaign_plans(campaign_id, created_at, created_by, start_at, hourly, plan) VALUES(?,?,?,?,?,?) "
              "ON CONFLICT(campaign_id) DO UPDATE SET created_at = excluded.created_at, created_by = excluded.created_by, "
              "start_at = excluded.start_at, hourly = excluded.hourly, plan = excluded.plan")
        .bind(1, campaignId)
        .bind(2, actor.at)
        .bindOptional(3, actor.userId ? std::optional(actor.userId) : std::nullopt)
        .bind(4, plan.startAt)
        .bind(5, hourly)
        .bind(6, plan.planJson)
        .run();
    audit(actor, "campaign.plan", "campaign:" + std::to_string(campaignId), "hours=" + std::to_string(plan.hourlyPeople.size()));
  });
}

std::optional<CampaignPlan> SqliteStore::findPlan(std::int64_t campaignId) {
  auto r = reader();
  auto& q = r->stmt("SELECT start_at, hourly, plan FROM campaign_plans WHERE campaign_id = ?");
  sqlite::StatementScope scope(q);
  q.bind(1, campaignId);
  if (!q.step()) return std::nullopt;
  CampaignPlan p;
  p.startAt = q.int64(0);
  const std::string hourly = q.text(1);
  std::size_t i = 1;
  while (i < hourly.size()) {
    std::size_t used = 0;
    try {
      p.hourlyPeople.push_back(std::stod(hourly.substr(i), &used));
    } catch (...) {
      break;
    }
    i += used + 1;
  }
  p.planJson = q.text(2);
  return p;
}

}  // namespace natlims::lims
