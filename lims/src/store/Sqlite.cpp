#include "store/Sqlite.h"

namespace natlims::lims::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  std::string msg(context);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw Error(rc, msg);
}

}  // namespace

Connection::Connection(const std::string& path, bool create, bool readOnly) {
  // Once per process, before SQLite initializes: no memory statistics. They take a global mutex
  // on every allocation, which parallel readers fight over (measured with bench/lims lookup-bench).
  static const int kConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kConfigured;
  int flags = SQLITE_OPEN_NOMUTEX;  // each connection has one owner thread
  flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !readOnly) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &_db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open database " + path + ": " + (_db ? sqlite3_errmsg(_db) : sqlite3_errstr(rc));
    sqlite3_close(_db);
    _db = nullptr;
    throw Error(rc, msg);
  }
  sqlite3_extended_result_codes(_db, 1);
  // A reader may meet a checkpoint in progress; waiting briefly beats failing the request.
  sqlite3_busy_timeout(_db, 5000);
}

Connection::~Connection() { sqlite3_close_v2(_db); }

void Connection::exec(std::string_view sql) {
  const std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(_db, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw Error(rc, "SQL failed: " + msg);
  }
}

std::int64_t Connection::lastInsertRowid() const { return sqlite3_last_insert_rowid(_db); }
int Connection::changes() const { return sqlite3_changes(_db); }

Statement::Statement(Connection& db, std::string_view sql) : _db(db) {
  const int rc = sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &_stmt, nullptr);
  if (rc != SQLITE_OK) fail(db.handle(), rc, "prepare '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::~Statement() { sqlite3_finalize(_stmt); }

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(_stmt, index, value);
  if (rc != SQLITE_OK) fail(_db.handle(), rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  const int rc = sqlite3_bind_double(_stmt, index, value);
  if (rc != SQLITE_OK) fail(_db.handle(), rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  const int rc = sqlite3_bind_text(_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(_db.handle(), rc, "bind");
  return *this;
}

Statement& Statement::bindBlob(int index, const void* data, std::size_t size) {
  const int rc = sqlite3_bind_blob(_stmt, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) fail(_db.handle(), rc, "bind");
  return *this;
}

Statement& Statement::bindNull(int index) {
  const int rc = sqlite3_bind_null(_stmt, index);
  if (rc != SQLITE_OK) fail(_db.handle(), rc, "bind");
  return *this;
}

Statement& Statement::bindOptional(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindOptional(int index, const std::optional<std::string>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

bool Statement::step() {
  const int rc = sqlite3_step(_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string msg = sqlite3_errmsg(_db.handle());
  sqlite3_reset(_stmt);
  throw Error(rc, "step: " + msg);
}

void Statement::run() {
  StatementScope scope(*this);
  step();
}

void Statement::reset() {
  sqlite3_reset(_stmt);
  sqlite3_clear_bindings(_stmt);
}

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(_stmt, col); }
double Statement::real(int col) const { return sqlite3_column_double(_stmt, col); }

std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(_stmt, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(_stmt, col))) : std::string();
}

bool Statement::isNull(int col) const { return sqlite3_column_type(_stmt, col) == SQLITE_NULL; }

std::optional<std::int64_t> Statement::optInt64(int col) const {
  if (isNull(col)) return std::nullopt;
  return int64(col);
}

std::optional<std::string> Statement::optText(int col) const {
  if (isNull(col)) return std::nullopt;
  return text(col);
}

}  // namespace natlims::lims::sqlite
