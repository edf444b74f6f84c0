// The population register: batches of validated rows, upserted by document key.
#include "Metrics.h"
#include "natlims/domain/GridPath.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

// Resolves a normalized grid path to its id, creating it and any missing ancestors. `fresh`
// holds ids created by the current job, so a batch that is rolled back leaves no stale cache.
std::int64_t SqliteStore::gridUnitId(const std::string& path, std::unordered_map<std::string, std::int64_t>& fresh) {
  if (auto it = fresh.find(path); it != fresh.end()) return it->second;
  auto& find = writer().stmt("SELECT id FROM grid_units WHERE path = ?");
  {
    sqlite::StatementScope scope(find);
    find.bind(1, path);
    if (find.step()) {
      const auto id = find.int64(0);
      fresh.emplace(path, id);
      return id;
    }
  }
  const auto slash = path.rfind('/');
  std::optional<std::int64_t> parent;
  if (slash != std::string::npos) parent = gridUnitId(path.substr(0, slash), fresh);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto level = static_cast<int>(std::count(path.begin(), path.end(), '/')) + 1;
  writer()
      .stmt("INSERT INTO grid_units(parent_id, path, name, level) VALUES(?,?,?,?)")
      .bindOptional(1, parent)
      .bind(2, path)
      .bind(3, name)
      .bind(4, level)
      .run();
  const auto id = writer().db().lastInsertRowid();
  fresh.emplace(path, id);
  return id;
}

ImportCounts SqliteStore::importPopulation(const std::vector<PersonRow>& rows, const Actor& actor) {
  auto counts = _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    std::unordered_map<std::string, std::int64_t> grid;
    ImportCounts c;
    auto& find = db.stmt("SELECT id, grid_unit_id FROM persons WHERE id_type = ? AND id_number = ? AND nationality = ?");
    auto& count = db.stmt("UPDATE grid_units SET population = population + ? WHERE id = ?");
    std::unordered_map<std::int64_t, std::int64_t> populationDelta;
    auto& insert = db.stmt(
        "INSERT INTO persons(id_type, id_number, nationality, name, phone, grid_unit_id) VALUES(?,?,?,?,?,?)");
    auto& update = db.stmt("UPDATE persons SET name = ?, phone = ?, grid_unit_id = ? WHERE id = ?");
    for (const PersonRow& row : rows) {
      const std::int64_t gridId = gridUnitId(row.gridPath, grid);
      std::optional<std::int64_t> existing, previousGrid;
      {
        sqlite::StatementScope scope(find);
        find.bind(1, row.idType).bind(2, row.idNumber).bind(3, row.nationality);
        if (find.step()) {
          existing = find.int64(0);
          previousGrid = find.optInt64(1);
        }
      }
      // The grid unit's population follows the person (moved, or first put in the register).
      if (previousGrid != gridId) {
        if (previousGrid) --populationDelta[*previousGrid];
        ++populationDelta[gridId];
      }
      const std::optional<std::string> phone = row.phone.empty() ? std::nullopt : std::optional(row.phone);
      if (existing) {
        update.bind(1, row.name).bindOptional(2, phone).bind(3, gridId).bind(4, *existing).run();
        ++c.updated;
      } else {
        insert.bind(1, row.idType).bind(2, row.idNumber).bind(3, row.nationality).bind(4, row.name);
        insert.bindOptional(5, phone).bind(6, gridId).run();
        ++c.imported;
      }
    }
    for (const auto& [gridUnit, delta] : populationDelta)
      if (delta != 0) count.bind(1, delta).bind(2, gridUnit).run();
    audit(actor, "population.import", "register",
          "imported=" + std::to_string(c.imported) + " updated=" + std::to_string(c.updated));
    return c;
  });
  if (_metrics) _metrics->addPopulationRows(static_cast<std::uint64_t>(counts.imported + counts.updated));
  return counts;
}

}  // namespace natlims::lims
