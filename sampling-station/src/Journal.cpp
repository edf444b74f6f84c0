#include "natlims/station/Journal.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <stdexcept>

#include "SqliteStatement.h"

namespace natlims::station {

namespace {

// Schema version 1. Entries are never deleted: the journal is the station's audit trail.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  at INTEGER NOT NULL,
  tube TEXT NOT NULL DEFAULT '',
  box TEXT NOT NULL DEFAULT '',
  courier TEXT NOT NULL DEFAULT '',
  id_type TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT '',
  nationality TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  prereg INTEGER NOT NULL DEFAULT 0,
  resample INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL DEFAULT '',
  ref INTEGER NOT NULL DEFAULT 0,
  count INTEGER NOT NULL DEFAULT 0,
  tubes TEXT NOT NULL DEFAULT '',
  server_id TEXT NOT NULL DEFAULT '',
  http_status INTEGER NOT NULL DEFAULT 0,
  error_code TEXT NOT NULL DEFAULT '',
  error_message TEXT NOT NULL DEFAULT '',
  error_field TEXT NOT NULL DEFAULT '',
  answered_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS entries_queued ON entries(seq) WHERE state = 'queued';
INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '1');
)sql";

constexpr const char* kColumns =
    "seq, kind, state, at, tube, box, courier, id_type, id_number, nationality, name, phone, prereg, resample, "
    "reason, ref, count, tubes, server_id, http_status, error_code, error_message, error_field, answered_at";

std::string joinTubes(const std::vector<std::string>& tubes) {
  std::string out;
  for (const auto& t : tubes) {
    if (!out.empty()) out.push_back(',');
    out += t;
  }
  return out;
}

std::vector<std::string> splitTubes(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

JournalEntry readEntry(const SqliteStatement& st) {
  JournalEntry e;
  e.seq = st.int64(0);
  const auto kind = parseEntryKind(st.text(1));
  const auto state = parseEntryState(st.text(2));
  if (!kind || !state) throw std::runtime_error("journal: unknown entry kind or state at seq " + std::to_string(e.seq));
  e.kind = *kind;
  e.state = *state;
  e.at = st.int64(3);
  e.tube = st.text(4);
  e.box = st.text(5);
  e.courier = st.text(6);
  if (!st.text(7).empty()) {
    Person p;
    const auto type = domain::parseIdType(st.text(7));
    if (!type) throw std::runtime_error("journal: unknown id type at seq " + std::to_string(e.seq));
    p.idType = *type;
    p.idNumber = st.text(8);
    p.nationality = st.text(9);
    p.name = st.text(10);
    p.phone = st.text(11);
    p.preRegistered = st.int64(12) != 0;
    e.person = std::move(p);
  }
  e.resample = st.int64(13) != 0;
  e.reason = st.text(14);
  e.ref = st.int64(15);
  e.count = static_cast<int>(st.int64(16));
  e.tubes = splitTubes(st.text(17));
  e.serverId = st.text(18);
  e.httpStatus = static_cast<int>(st.int64(19));
  e.errorCode = st.text(20);
  e.errorMessage = st.text(21);
  e.errorField = st.text(22);
  e.answeredAt = st.int64(23);
  return e;
}

// One transaction that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : _db(db) { run("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!_done) sqlite3_exec(_db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    run("COMMIT");
    _done = true;
  }

 private:
  void run(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw std::runtime_error(std::string("journal: ") + sql + " failed: " + msg);
    }
  }
  sqlite3* _db;
  bool _done = false;
};

}  // namespace

Journal::Journal(const std::string& path) : _path(path) {
  // Create the file ourselves so that it is private (it holds ID numbers and names); SQLite
  // gives its -wal and -shm files the same permissions.
  if (path != ":memory:") {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("journal: cannot open " + path);
    ::close(fd);
  }
  if (sqlite3_open_v2(path.c_str(), &_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string msg = _db ? sqlite3_errmsg(_db) : "out of memory";
    sqlite3_close(_db);
    throw std::runtime_error("journal: cannot open " + path + ": " + msg);
  }
  try {
    sqlite3_busy_timeout(_db, 5000);
    // WAL + synchronous=FULL: a commit is on disk (fsync of the WAL) when COMMIT returns, which is
    // what "acknowledged" means on the screen. WAL keeps readers off the writer's back.
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec(kSchema);
    loadCounts();
  } catch (...) {
    sqlite3_close(_db);
    throw;
  }
}

Journal::~Journal() { sqlite3_close(_db); }

void Journal::exec(const char* sql) const {
  char* err = nullptr;
  if (sqlite3_exec(_db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error("journal " + _path + ": " + msg);
  }
}

void Journal::loadCounts() {
  SqliteStatement st(_db, "SELECT state, COUNT(*) FROM entries GROUP BY state");
  _counts = {};
  while (st.step()) {
    const auto s = parseEntryState(st.text(0));
    if (!s) continue;
    if (*s == EntryState::Queued) _counts.queued = st.int64(1);
    if (*s == EntryState::Sent) _counts.sent = st.int64(1);
    if (*s == EntryState::Refused) _counts.refused = st.int64(1);
  }
}

void Journal::countTransition(EntryState from, EntryState to) {
  auto bucket = [this](EntryState s) -> std::int64_t* {
    switch (s) {
      case EntryState::Queued: return &_counts.queued;
      case EntryState::Sent: return &_counts.sent;
      case EntryState::Refused: return &_counts.refused;
      default: return nullptr;
    }
  };
  if (auto* b = bucket(from)) --*b;
  if (auto* b = bucket(to)) ++*b;
}

void Journal::append(std::vector<JournalEntry>& entries, const std::map<std::string, std::string>& meta) {
  std::lock_guard lock(_mutex);
  Transaction tx(_db);
  {
    SqliteStatement ins(_db,
                        "INSERT INTO entries(kind, state, at, tube, box, courier, id_type, id_number, nationality, "
                        "name, phone, prereg, resample, reason, ref, count, tubes) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    for (auto& e : entries) {
      ins.bind(1, entryKindName(e.kind)).bind(2, entryStateName(e.state)).bind(3, e.at);
      ins.bind(4, e.tube).bind(5, e.box).bind(6, e.courier);
      if (e.person) {
        ins.bind(7, domain::idTypeName(e.person->idType)).bind(8, e.person->idNumber);
        ins.bind(9, e.person->nationality).bind(10, e.person->name).bind(11, e.person->phone);
        ins.bind(12, std::int64_t{e.person->preRegistered ? 1 : 0});
      } else {
        ins.bind(7, "").bind(8, "").bind(9, "").bind(10, "").bind(11, "").bind(12, std::int64_t{0});
      }
      ins.bind(13, std::int64_t{e.resample ? 1 : 0}).bind(14, e.reason).bind(15, e.ref);
      ins.bind(16, std::int64_t{e.count}).bind(17, joinTubes(e.tubes));
      ins.step();
      ins.reset();
      e.seq = sqlite3_last_insert_rowid(_db);
    }
  }
  if (!meta.empty()) {
    SqliteStatement up(_db, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    for (const auto& [k, v] : meta) {
      up.bind(1, k).bind(2, v);
      up.step();
      up.reset();
    }
  }
  tx.commit();
  for (const auto& e : entries) countTransition(EntryState::Local, e.state);
}

std::vector<JournalEntry> Journal::all() const {
  std::lock_guard lock(_mutex);
  SqliteStatement st(_db, (std::string("SELECT ") + kColumns + " FROM entries ORDER BY seq").c_str());
  std::vector<JournalEntry> out;
  while (st.step()) out.push_back(readEntry(st));
  return out;
}

std::vector<JournalEntry> Journal::queued(std::size_t limit) const {
  std::lock_guard lock(_mutex);
  SqliteStatement st(_db, (std::string("SELECT ") + kColumns + " FROM entries WHERE state = 'queued' ORDER BY seq LIMIT ?").c_str());
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<JournalEntry> out;
  while (st.step()) out.push_back(readEntry(st));
  return out;
}

std::optional<JournalEntry> Journal::find(std::int64_t seq) const {
  std::lock_guard lock(_mutex);
  SqliteStatement st(_db, (std::string("SELECT ") + kColumns + " FROM entries WHERE seq = ?").c_str());
  st.bind(1, seq);
  if (!st.step()) return std::nullopt;
  return readEntry(st);
}

void Journal::recordAnswers(const std::vector<JournalEntry>& answered) {
  if (answered.empty()) return;
  std::lock_guard lock(_mutex);
  std::vector<std::pair<EntryState, EntryState>> transitions;
  Transaction tx(_db);
  {
    SqliteStatement old(_db, "SELECT state FROM entries WHERE seq = ?");
    SqliteStatement up(_db,
                       "UPDATE entries SET state = ?, server_id = ?, http_status = ?, error_code = ?, "
                       "error_message = ?, error_field = ?, answered_at = ? WHERE seq = ?");
    for (const auto& e : answered) {
      old.bind(1, e.seq);
      if (!old.step()) throw std::runtime_error("journal: no entry " + std::to_string(e.seq));
      const auto before = parseEntryState(old.text(0)).value_or(EntryState::Local);
      old.reset();
      up.bind(1, entryStateName(e.state)).bind(2, e.serverId).bind(3, std::int64_t{e.httpStatus});
      up.bind(4, e.errorCode).bind(5, e.errorMessage).bind(6, e.errorField).bind(7, e.answeredAt).bind(8, e.seq);
      up.step();
      up.reset();
      transitions.emplace_back(before, e.state);
    }
  }
  tx.commit();
  for (const auto& [from, to] : transitions) countTransition(from, to);
}

std::optional<std::string> Journal::meta(const std::string& key) const {
  std::lock_guard lock(_mutex);
  SqliteStatement st(_db, "SELECT value FROM meta WHERE key = ?");
  st.bind(1, key);
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

void Journal::setMeta(const std::map<std::string, std::string>& values) {
  std::vector<JournalEntry> none;
  append(none, values);
}

JournalCounts Journal::counts() const {
  std::lock_guard lock(_mutex);
  return _counts;
}

}  // namespace natlims::station
