#include "store/SqliteStore.h"

#include <unistd.h>

#include <algorithm>

#include "natlims/lims/ApiError.h"
#include "store/Migrations.h"

namespace natlims::lims {

namespace {

void configure(sqlite::Connection& db, int cacheMb) {
  // WAL: readers never block the writer. synchronous=FULL: a commit returns after the WAL is
  // fsynced, which is what lets the server answer 2xx only for data on disk.
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  db.exec("PRAGMA cache_size=-" + std::to_string(cacheMb * 1024));
  db.exec("PRAGMA temp_store=MEMORY");
}

}  // namespace

SqliteStore::SqliteStore(const Options& options, Metrics* metrics) : _options(options), _metrics(metrics) {
  auto conn = std::make_unique<sqlite::Connection>(options.path, /*create*/ true);
  configure(*conn, options.cacheMb);
  applyMigrations(*conn, embeddedMigrations());
  auto prepared = std::make_unique<PreparedConnection>(std::move(conn));
  _writerConn = prepared.get();
  _writer = std::make_unique<GroupCommitter>(std::move(prepared), static_cast<std::size_t>(options.maxGroup), metrics);
  for (int i = 0; i < options.readers; ++i) {
    auto r = std::make_unique<sqlite::Connection>(options.path, false, /*readOnly*/ true);
    r->exec("PRAGMA foreign_keys=ON");
    r->exec("PRAGMA cache_size=-8192");
    // Readers read pages straight from the mapping (no copy, no system call); SQLite caps the
    // mapping at 2 GiB in this build, reading beyond it as before.
    if (options.keepInMemoryMb > 0)
      r->exec("PRAGMA mmap_size=" + std::to_string(static_cast<std::int64_t>(options.keepInMemoryMb) << 20));
    _idleReaders.push_back(std::make_unique<PreparedConnection>(std::move(r)));
  }
  if (options.keepInMemoryMb > 0) {
    // Never more than half the machine's memory: a database larger than that would otherwise be
    // read from the disk again and again, each pass evicting the last.
    const auto physical = static_cast<std::size_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const std::size_t bound = std::min(static_cast<std::size_t>(options.keepInMemoryMb) << 20, physical / 2);
    _warmer = std::make_unique<FileWarmer>(options.path, bound);
  }
}

SqliteStore::~SqliteStore() { close(); }

void SqliteStore::close() {
  if (_writer) _writer->stop();
}

SqliteStore::ReaderLease SqliteStore::reader() {
  std::unique_lock lock(_readersMutex);
  _readerFree.wait(lock, [this] { return !_idleReaders.empty(); });
  auto conn = std::move(_idleReaders.back());
  _idleReaders.pop_back();
  return ReaderLease(*this, std::move(conn));
}

void SqliteStore::audit(const Actor& actor, const std::string& action, const std::string& target,
                        const std::string& detail) {
  auto& s = writer().stmt("INSERT INTO audit(at, user_id, action, target, client, detail) VALUES(?,?,?,?,?,?)");
  s.bind(1, actor.at);
  if (actor.userId) s.bind(2, actor.userId);
  else s.bindNull(2);
  s.bind(3, action).bind(4, target).bind(5, actor.client).bind(6, detail);
  s.run();
}

std::int64_t SqliteStore::stationId(const std::string& name) {
  auto& find = writer().stmt("SELECT id FROM stations WHERE name = ?");
  {
    sqlite::StatementScope scope(find);
    find.bind(1, name);
    if (find.step()) return find.int64(0);
  }
  writer().stmt("INSERT INTO stations(name) VALUES(?)").bind(1, name).run();
  return writer().db().lastInsertRowid();
}

std::int64_t SqliteStore::clientId(const std::string& address) {
  auto& find = writer().stmt("SELECT id FROM clients WHERE address = ?");
  {
    sqlite::StatementScope scope(find);
    find.bind(1, address);
    if (find.step()) return find.int64(0);
  }
  writer().stmt("INSERT INTO clients(address) VALUES(?)").bind(1, address).run();
  return writer().db().lastInsertRowid();
}

// ---- users and sessions ---------------------------------------------------------------------

namespace {

UserRecord readUser(sqlite::Statement& q) {
  UserRecord u;
  u.id = q.int64(0);
  u.username = q.text(1);
  u.role = parseRole(q.text(2)).value_or(Role::Sampler);
  u.passwordHash = q.text(3);
  u.disabled = q.int64(4) != 0;
  return u;
}

constexpr const char* kUserColumns = "SELECT id, username, role, password_hash, disabled FROM users ";

}  // namespace

std::int64_t SqliteStore::userCount() {
  auto r = reader();
  auto& q = r->stmt("SELECT count(*) FROM users");
  sqlite::StatementScope scope(q);
  q.step();
  return q.int64(0);
}

std::optional<UserRecord> SqliteStore::findUser(const std::string& username) {
  auto r = reader();
  auto& q = r->stmt(std::string(kUserColumns) + "WHERE username = ?");
  sqlite::StatementScope scope(q);
  q.bind(1, username);
  if (!q.step()) return std::nullopt;
  return readUser(q);
}

std::optional<UserRecord> SqliteStore::findUserById(std::int64_t id) {
  auto r = reader();
  auto& q = r->stmt(std::string(kUserColumns) + "WHERE id = ?");
  sqlite::StatementScope scope(q);
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return readUser(q);
}

UserRecord SqliteStore::createUser(const std::string& username, Role role, const std::string& passwordHash,
                                   const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& find = ctx.db().stmt("SELECT 1 FROM users WHERE username = ?");
    {
      sqlite::StatementScope scope(find);
      find.bind(1, username);
      if (find.step()) throw ApiError::conflict("username_taken", "a user with this name exists", "username");
    }
    ctx.db()
        .stmt("INSERT INTO users(username, role, password_hash, created_at) VALUES(?,?,?,?)")
        .bind(1, username)
        .bind(2, roleName(role))
        .bind(3, passwordHash)
        .bind(4, actor.at)
        .run();
    UserRecord u{ctx.db().db().lastInsertRowid(), username, role, passwordHash, false};
    audit(actor, "user.create", "user:" + std::to_string(u.id), std::string("role=") + roleName(role));
    return u;
  });
}

void SqliteStore::createSession(const SessionRecord& session, const Actor& actor) {
  _writer->run([&](WriteContext& ctx) {
    ctx.db()
        .stmt("INSERT INTO sessions(token_hash, user_id, created_at, expires_at) VALUES(?,?,?,?)")
        .bindBlob(1, session.tokenHash.data(), session.tokenHash.size())
        .bind(2, session.userId)
        .bind(3, session.createdAt)
        .bind(4, session.expiresAt)
        .run();
    // Expired sessions are useless; sweeping them here keeps the table small without a timer.
    ctx.db().stmt("DELETE FROM sessions WHERE expires_at < ?").bind(1, actor.at).run();
    audit(actor, "session.create", "user:" + std::to_string(session.userId), "");
  });
}

std::vector<SessionRecord> SqliteStore::activeSessions(Millis now) {
  auto r = reader();
  auto& q = r->stmt("SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE expires_at > ?");
  sqlite::StatementScope scope(q);
  q.bind(1, now);
  std::vector<SessionRecord> out;
  while (q.step()) out.push_back({q.text(0), q.int64(1), q.int64(2), q.int64(3)});
  return out;
}

// ---- campaigns ----------------------------------------------------------------------------

namespace {

constexpr const char* kCampaignColumns =
    "SELECT id, name, area, starts_at, deadline_hours, pool_size, report_sla_minutes, created_at FROM campaigns ";

CampaignRecord readCampaign(sqlite::Statement& q) {
  CampaignRecord c;
  c.id = q.int64(0);
  c.name = q.text(1);
  c.area = q.text(2);
  c.startsAt = q.int64(3);
  c.deadlineHours = static_cast<int>(q.int64(4));
  c.poolSize = static_cast<int>(q.int64(5));
  c.reportSlaMinutes = static_cast<int>(q.int64(6));
  c.createdAt = q.int64(7);
  return c;
}

}  // namespace

CampaignRecord SqliteStore::createCampaign(const CampaignRecord& campaign, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    ctx.db()
        .stmt("INSERT INTO campaigns(name, area, starts_at, deadline_hours, pool_size, report_sla_minutes, "
              "created_by, created_at) VALUES(?,?,?,?,?,?,?,?)")
        .bind(1, campaign.name)
        .bind(2, campaign.area)
        .bind(3, campaign.startsAt)
        .bind(4, campaign.deadlineHours)
        .bind(5, campaign.poolSize)
        .bind(6, campaign.reportSlaMinutes)
        .bindOptional(7, actor.userId ? std::optional(actor.userId) : std::nullopt)
        .bind(8, actor.at)
        .run();
    CampaignRecord c = campaign;
    c.id = ctx.db().db().lastInsertRowid();
    c.createdAt = actor.at;
    audit(actor, "campaign.create", "campaign:" + std::to_string(c.id), "area=" + c.area);
    return c;
  });
}

std::vector<CampaignRecord> SqliteStore::campaigns() {
  auto r = reader();
  auto& q = r->stmt(std::string(kCampaignColumns) + "ORDER BY id");
  sqlite::StatementScope scope(q);
  std::vector<CampaignRecord> out;
  while (q.step()) out.push_back(readCampaign(q));
  return out;
}

std::optional<CampaignRecord> SqliteStore::findCampaign(std::int64_t id) {
  auto r = reader();
  auto& q = r->stmt(std::string(kCampaignColumns) + "WHERE id = ?");
  sqlite::StatementScope scope(q);
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return readCampaign(q);
}

CampaignProgress SqliteStore::progress(const CampaignRecord& campaign) {
  CampaignProgress p;
  auto r = reader();
  {
    auto& q = r->stmt(
        "SELECT registrations, sampled, tubes_open, tubes_closed, first_sample_at, last_sample_at "
        "FROM campaigns WHERE id = ?");
    sqlite::StatementScope scope(q);
    q.bind(1, campaign.id);
    if (q.step()) {
      p.registrations = q.int64(0);
      p.sampled = q.int64(1);
      p.tubesOpen = q.int64(2);
      p.tubesClosed = q.int64(3);
      p.firstSampleAt = q.optInt64(4).value_or(0);
      p.lastSampleAt = q.optInt64(5).value_or(0);
    }
  }
  {
    // The register under the area: grid units whose path is the area or lies below it
    // ('0' is the character after '/', so the range is exactly the area's subtree).
    auto& q = r->stmt(
        "SELECT coalesce(sum(population), 0) FROM grid_units WHERE path = ?1 OR (path > ?1 || '/' AND path < ?1 || '0')");
    sqlite::StatementScope scope(q);
    q.bind(1, campaign.area);
    q.step();
    p.population = q.int64(0);
  }
  {
    auto& q = r->stmt("SELECT coalesce(sum(people), 0) FROM campaign_tube_states WHERE campaign_id = ? AND state = 'released'");
    sqlite::StatementScope scope(q);
    q.bind(1, campaign.id);
    q.step();
    p.resulted = q.int64(0);
  }
  {
    auto& q = r->stmt(
        "SELECT coalesce(sum(t.pool_size > 1), 0), coalesce(sum(t.pool_size = 1 AND res.result = 'positive'), 0) "
        "FROM results res CROSS JOIN tubes t ON t.id = res.tube_id WHERE t.campaign_id = ? AND res.released_at IS NOT NULL "
        "AND res.superseded = 0 AND res.result IN ('positive', 'retest')");
    sqlite::StatementScope scope(q);
    q.bind(1, campaign.id);
    q.step();
    p.positivePools = q.int64(0);
    p.positiveIndividuals = q.int64(1);
  }
  return p;
}

}  // namespace natlims::lims
