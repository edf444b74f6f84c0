#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace natlims::lims::sqlite {

/// Thrown when SQLite reports an error the caller did not expect (a broken database, a full disk).
/// Expected outcomes (a missing row, a unique-key conflict that is part of the logic) are values.
class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& what) : std::runtime_error(what), _code(code) {}
  int code() const { return _code; }

 private:
  int _code;
};

/// One open database connection. Not thread-safe: one owner thread at a time.
class Connection {
 public:
  /// Opens (creating when `create`) the file at `path`; throws Error.
  Connection(const std::string& path, bool create, bool readOnly = false);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one or more statements without results; throws Error.
  void exec(std::string_view sql);
  std::int64_t lastInsertRowid() const;
  int changes() const;
  sqlite3* handle() const { return _db; }

 private:
  sqlite3* _db = nullptr;
};

/// A prepared statement, reset after each use. Bind indexes start at 1, column indexes at 0.
class Statement {
 public:
  Statement(Connection& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bindBlob(int index, const void* data, std::size_t size);
  Statement& bindNull(int index);
  Statement& bindOptional(int index, const std::optional<std::int64_t>& value);
  Statement& bindOptional(int index, const std::optional<std::string>& value);

  /// Advances to the next row; false when done. Throws Error on failure (e.g. a constraint).
  bool step();
  /// Runs a statement that returns no rows, then resets it.
  void run();
  /// Clears bindings and rewinds, ready for the next use.
  void reset();

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  bool isNull(int col) const;
  std::optional<std::int64_t> optInt64(int col) const;
  std::optional<std::string> optText(int col) const;

 private:
  Connection& _db;
  sqlite3_stmt* _stmt = nullptr;
};

/// Resets a statement when leaving a scope, so an early return cannot leave it mid-step.
class StatementScope {
 public:
  explicit StatementScope(Statement& s) : _s(s) {}
  ~StatementScope() { _s.reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

 private:
  Statement& _s;
};

}  // namespace natlims::lims::sqlite
