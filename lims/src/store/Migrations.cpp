#include "store/Migrations.h"

#include <stdexcept>
#include <string>

namespace natlims::lims {

int applyMigrations(sqlite::Connection& db, const std::vector<Migration>& migrations) {
  int current = 0;
  {
    sqlite::Statement q(db, "PRAGMA user_version");
    if (q.step()) current = static_cast<int>(q.int64(0));
  }
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  if (current > newest)
    throw std::runtime_error("the database has schema version " + std::to_string(current) +
                             ", newer than this lims-server knows (" + std::to_string(newest) + ")");
  int applied = 0;
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
    ++applied;
  }
  return applied;
}

}  // namespace natlims::lims
