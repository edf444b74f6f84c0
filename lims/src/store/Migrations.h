#pragma once

#include <string_view>
#include <vector>

#include "store/Sqlite.h"

namespace natlims::lims {

/// A numbered schema change (lims/migrations/NNN_name.sql, embedded at build time).
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

/// The migrations compiled into this binary, in ascending version order.
const std::vector<Migration>& embeddedMigrations();

/// Applies every migration newer than the database's user_version, each in its own transaction
/// that also advances user_version. Refuses (throws) a database newer than this binary.
/// Returns the number applied.
int applyMigrations(sqlite::Connection& db, const std::vector<Migration>& migrations);

}  // namespace natlims::lims
