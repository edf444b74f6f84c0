#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/Sqlite.h"

namespace natlims::lims {

/// A connection with its prepared statements, keyed by SQL text: prepare once, execute many.
/// Not thread-safe (one owner at a time), like the connection.
class PreparedConnection {
 public:
  explicit PreparedConnection(std::unique_ptr<sqlite::Connection> db) : _db(std::move(db)) {}

  sqlite::Connection& db() { return *_db; }
  sqlite::Statement& stmt(const std::string& sql) {
    auto it = _cache.find(sql);
    if (it == _cache.end()) it = _cache.emplace(sql, std::make_unique<sqlite::Statement>(*_db, sql)).first;
    return *it->second;
  }

 private:
  std::unique_ptr<sqlite::Connection> _db;
  // Declared after _db: statements are finalized before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<sqlite::Statement>> _cache;
};

/// Several reads as one snapshot (BEGIN ... COMMIT on a reader): one WAL read lock instead of one
/// per statement, and statements that agree with each other.
class ReadTransaction {
 public:
  explicit ReadTransaction(PreparedConnection& conn) : _conn(conn) { _conn.stmt("BEGIN").run(); }
  ~ReadTransaction() {
    try {
      _conn.stmt("COMMIT").run();
    } catch (...) {
      // A read-only transaction has nothing to lose; the next BEGIN starts afresh.
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  PreparedConnection& _conn;
};

}  // namespace natlims::lims
