// The lab: box receipt, plates, runs and their release. Each operation is one writer job, so a
// receipt, a plate or a run is stored whole or not at all.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "http/JsonWriter.h"
#include "natlims/lims/ApiError.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

namespace {

std::string jsonArray(const std::vector<std::string>& items) {
  JsonWriter w;
  w.beginArray();
  for (const auto& i : items) w.value(i);
  w.endArray();
  return w.take();
}

std::vector<std::string> parseArray(const std::string& json) {
  std::vector<std::string> out;
  try {
    Poco::JSON::Parser p;
    auto arr = p.parse(json).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < arr->size(); ++i) out.push_back(arr->getElement<std::string>(static_cast<unsigned>(i)));
  } catch (...) {
  }
  return out;
}

}  // namespace

BoxReceipt SqliteStore::receiveBox(const std::string& code, const std::vector<std::string>& scannedIn,
                                   std::optional<double> temperatureC, int maxTransitMinutes, const Actor& actor) {
  std::vector<std::string> scanned = scannedIn;
  std::sort(scanned.begin(), scanned.end());
  scanned.erase(std::unique(scanned.begin(), scanned.end()), scanned.end());
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    const BoxView box = loadBox(writer(), code);
    if (box.state == "allocated" ) throw ApiError::conflict("box_not_sealed", "this box was never sealed at a site", "code");
    if (box.state == "received") throw ApiError::conflict("box_received", "this box was received already", "code");
    std::int64_t boxId = 0;
    Millis handedAt = 0;
    {
      auto& q = db.stmt("SELECT id, coalesce(handed_over_at, sealed_at) FROM boxes WHERE code = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, code);
      q.step();
      boxId = q.int64(0);
      handedAt = q.optInt64(1).value_or(0);
    }
    BoxReceipt r;
    r.box = code;
    r.temperatureC = temperatureC;
    const std::set<std::string> manifest(box.tubes.begin(), box.tubes.end());
    const std::set<std::string> seen(scanned.begin(), scanned.end());
    for (const auto& t : box.tubes)
      if (!seen.count(t)) r.missing.push_back(t);
    auto& find = db.stmt("SELECT id, state FROM tubes WHERE code = ?");
    auto& mark = db.stmt("UPDATE tubes SET state = 'received', received_at = ? WHERE id = ?");
    for (const auto& t : scanned) {
      std::int64_t tubeId = 0;
      std::string state;
      {
        sqlite::StatementScope scope(find);
        find.bind(1, t);
        if (!find.step()) throw ApiError(422, "unknown_tube", "tube " + t + " was never issued by the server", "tubes");
        tubeId = find.int64(0);
        state = find.text(1);
      }
      if (state == "allocated" || state == "open")
        throw ApiError::conflict("tube_not_closed", "tube " + t + " was never closed at a site: set it aside", "tubes");
      if (state != "closed" && state != "boxed")
        throw ApiError::conflict("tube_received", "tube " + t + " was received before: a tube is received once", "tubes");
      if (!manifest.count(t)) r.unexpected.push_back(t);
      mark.bind(1, actor.at).bind(2, tubeId).run();
      r.received.push_back(t);
    }
    if (handedAt > 0) {
      r.transitMinutes = (actor.at - handedAt) / 60000;
      if (*r.transitMinutes > maxTransitMinutes) r.flags.push_back("transit_over_limit");
      // The rules log temperature for any transport over 2 hours.
      if (*r.transitMinutes > 120 && !temperatureC) r.flags.push_back("temperature_missing");
    }
    if (temperatureC && (*temperatureC < 2.0 || *temperatureC > 30.0)) r.flags.push_back("temperature_out_of_range");
    db.stmt("UPDATE boxes SET state = 'received', received_at = ?, received_by = ? WHERE id = ?")
        .bind(1, actor.at)
        .bind(2, actor.userId)
        .bind(3, boxId)
        .run();
    auto& ins = db.stmt(
        "INSERT INTO box_receipts(box_id, received_at, received_by, transit_minutes, temperature_c, missing, unexpected, "
        "flags) VALUES(?,?,?,?,?,?,?,?)");
    ins.bind(1, boxId).bind(2, actor.at).bind(3, actor.userId).bindOptional(4, r.transitMinutes);
    if (temperatureC) ins.bind(5, *temperatureC);
    else ins.bindNull(5);
    ins.bind(6, jsonArray(r.missing)).bind(7, jsonArray(r.unexpected)).bind(8, jsonArray(r.flags)).run();
    audit(actor, "box.receive", "box:" + code,
          "received=" + std::to_string(r.received.size()) + " missing=" + std::to_string(r.missing.size()) +
              " unexpected=" + std::to_string(r.unexpected.size()));
    return r;
  });
}

PlateRecord SqliteStore::createPlate(const PlateRecord& plate, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    db.stmt("INSERT INTO plates(kit_id, kit_version, wells, created_at, created_by) VALUES(?,?,?,?,?)")
        .bind(1, plate.kitId)
        .bind(2, plate.kitVersion)
        .bind(3, plate.wells)
        .bind(4, actor.at)
        .bind(5, actor.userId)
        .run();
    PlateRecord out = plate;
    out.id = db.db().lastInsertRowid();
    out.state = "laid_out";
    auto& find = db.stmt(
        "SELECT t.id, t.state, t.plate_id, p.state FROM tubes t LEFT JOIN plates p ON p.id = t.plate_id WHERE t.code = ?");
    auto& insWell = db.stmt("INSERT INTO plate_wells(plate_id, well, row, col, kind, name, tube_id) VALUES(?,?,?,?,?,?,?)");
    auto& setPlate = db.stmt("UPDATE tubes SET plate_id = ? WHERE id = ?");
    for (const auto& w : plate.layout) {
      std::optional<std::int64_t> tubeId;
      if (w.kind == "sample") {
        sqlite::StatementScope scope(find);
        find.bind(1, w.name);
        if (!find.step()) throw ApiError(422, "unknown_tube", "tube " + w.name + " was never issued", "tubes");
        tubeId = find.int64(0);
        const std::string state = find.text(1);
        const auto previousPlateState = find.optText(3);
        if (state != "received" && state != "tested")
          throw ApiError::conflict("tube_not_received", "tube " + w.name + " has not been received by the lab", "tubes");
        // A tube goes on a new plate only when it has no plate yet, or its plate failed (rerun).
        if (!find.isNull(2) && previousPlateState != "invalid")
          throw ApiError::conflict("tube_on_plate", "tube " + w.name + " is already on plate " +
                                                        std::to_string(find.int64(2)) + " and that plate did not fail",
                                   "tubes");
      }
      insWell.bind(1, out.id).bind(2, w.well).bind(3, w.row).bind(4, w.col).bind(5, w.kind).bind(6, w.name);
      insWell.bindOptional(7, tubeId).run();
      if (tubeId) setPlate.bind(1, out.id).bind(2, *tubeId).run();
    }
    audit(actor, "plate.create", "plate:" + std::to_string(out.id),
          "kit=" + plate.kitId + " wells=" + std::to_string(plate.layout.size()));
    return out;
  });
}

std::optional<PlateRecord> SqliteStore::findPlate(std::int64_t id) {
  auto r = reader();
  PlateRecord p;
  {
    auto& q = r->stmt("SELECT id, kit_id, kit_version, wells, state FROM plates WHERE id = ?");
    sqlite::StatementScope scope(q);
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    p.id = q.int64(0);
    p.kitId = q.text(1);
    p.kitVersion = q.text(2);
    p.wells = static_cast<int>(q.int64(3));
    p.state = q.text(4);
  }
  auto& w = r->stmt("SELECT well, row, col, kind, name FROM plate_wells WHERE plate_id = ? ORDER BY col, row");
  sqlite::StatementScope scope(w);
  w.bind(1, id);
  while (w.step()) {
    PlateWellRecord well;
    well.well = w.text(0);
    well.row = static_cast<int>(w.int64(1));
    well.col = static_cast<int>(w.int64(2));
    well.kind = w.text(3);
    well.name = w.text(4);
    p.layout.push_back(std::move(well));
  }
  return p;
}

std::vector<std::pair<std::string, bool>> SqliteStore::labQueue(int limit) {
  auto r = reader();
  auto& q = r->stmt(
      "SELECT t.code, t.priority FROM tubes t LEFT JOIN plates p ON p.id = t.plate_id "
      "WHERE t.state IN ('received', 'tested') AND (t.plate_id IS NULL OR p.state = 'invalid') "
      "ORDER BY t.priority DESC, t.received_at, t.id LIMIT ?");
  sqlite::StatementScope scope(q);
  q.bind(1, limit);
  std::vector<std::pair<std::string, bool>> out;
  while (q.step()) out.emplace_back(q.text(0), q.int64(1) != 0);
  return out;
}

std::optional<std::int64_t> SqliteStore::plateOfTube(const std::string& tube) {
  auto r = reader();
  auto& q = r->stmt("SELECT plate_id FROM tubes WHERE code = ?");
  sqlite::StatementScope scope(q);
  q.bind(1, tube);
  if (!q.step()) return std::nullopt;
  return q.optInt64(0);
}

namespace {

// Reads a stored run and its results through any connection.
std::optional<StoredRun> readRun(PreparedConnection& c, const std::string& where, const std::function<void(sqlite::Statement&)>& bind) {
  StoredRun run;
  {
    auto& q = c.stmt("SELECT id, plate_id, plate_valid, problems, kit_id, kit_version, imported_by, released_at FROM runs " + where);
    sqlite::StatementScope scope(q);
    bind(q);
    if (!q.step()) return std::nullopt;
    run.id = q.int64(0);
    run.plateId = q.int64(1);
    run.plateValid = q.int64(2) != 0;
    run.problems = parseArray(q.text(3));
    run.kitId = q.text(4);
    run.kitVersion = q.text(5);
    run.importedBy = q.int64(6);
    run.releasedAt = q.optInt64(7).value_or(0);
  }
  auto& t = c.stmt(
      "SELECT t.code, r.well, r.result, r.ct, coalesce(r.reason, '') FROM results r JOIN tubes t ON t.id = r.tube_id "
      "WHERE r.run_id = ? ORDER BY r.id");
  sqlite::StatementScope scope(t);
  t.bind(1, run.id);
  while (t.step()) run.tubes.push_back({t.text(0), t.text(1), t.text(2), t.text(3), t.text(4)});
  return run;
}

}  // namespace

std::optional<StoredRun> SqliteStore::findRunIn(PreparedConnection& conn, std::int64_t id) {
  return readRun(conn, "WHERE id = ?", [&](sqlite::Statement& q) { q.bind(1, id); });
}

std::optional<StoredRun> SqliteStore::findRunBySha(const std::string& sha256) {
  auto r = reader();
  return readRun(*r, "WHERE sha256 = ?", [&](sqlite::Statement& q) { q.bindBlob(1, sha256.data(), sha256.size()); });
}

std::optional<StoredRun> SqliteStore::findRun(std::int64_t id) {
  auto r = reader();
  return readRun(*r, "WHERE id = ?", [&](sqlite::Statement& q) { q.bind(1, id); });
}

StoredRun SqliteStore::storeRun(const NewRun& run, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    if (auto earlier = readRun(db, "WHERE sha256 = ?", [&](sqlite::Statement& q) { q.bindBlob(1, run.sha256.data(), run.sha256.size()); })) {
      earlier->replayed = true;
      return *earlier;
    }
    db.stmt("INSERT INTO runs(plate_id, sha256, format, instrument, run_ref, kit_id, kit_version, plate_valid, problems, "
            "imported_at, imported_by, file_bytes) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, run.plateId)
        .bindBlob(2, run.sha256.data(), run.sha256.size())
        .bind(3, run.format)
        .bind(4, run.instrument)
        .bind(5, run.runRef)
        .bind(6, run.kitId)
        .bind(7, run.kitVersion)
        .bind(8, run.plateValid ? 1 : 0)
        .bind(9, jsonArray(run.problems))
        .bind(10, actor.at)
        .bind(11, actor.userId)
        .bindBlob(12, run.fileBytes.data(), run.fileBytes.size())
        .run();
    const auto runId = db.db().lastInsertRowid();
    auto& find = db.stmt("SELECT id FROM tubes WHERE code = ?");
    auto& ins = db.stmt("INSERT INTO results(tube_id, run_id, well, result, ct, reason) VALUES(?,?,?,?,?,?)");
    auto& mark = db.stmt("UPDATE tubes SET state = 'tested' WHERE id = ?");
    for (const auto& t : run.tubes) {
      std::int64_t tubeId = 0;
      {
        sqlite::StatementScope scope(find);
        find.bind(1, t.tube);
        if (!find.step()) throw ApiError(422, "unknown_tube", "tube " + t.tube + " was never issued", "file");
        tubeId = find.int64(0);
      }
      ins.bind(1, tubeId).bind(2, runId).bind(3, t.well).bind(4, t.result).bind(5, t.ctJson).bind(6, t.reason).run();
      mark.bind(1, tubeId).run();
    }
    db.stmt("UPDATE plates SET state = ? WHERE id = ?").bind(1, run.plateValid ? "run" : "invalid").bind(2, run.plateId).run();
    audit(actor, "run.import", "run:" + std::to_string(runId),
          "plate=" + std::to_string(run.plateId) + " format=" + run.format + " valid=" + (run.plateValid ? "1" : "0"));
    StoredRun out;
    out.id = runId;
    out.plateId = run.plateId;
    out.plateValid = run.plateValid;
    out.problems = run.problems;
    out.kitId = run.kitId;
    out.kitVersion = run.kitVersion;
    out.importedBy = actor.userId;
    out.tubes = run.tubes;
    return out;
  });
}

}  // namespace natlims::lims
