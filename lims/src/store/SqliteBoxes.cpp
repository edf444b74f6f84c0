// Transport boxes: sealed at the sampling site with closed tubes, handed to a courier.
#include <algorithm>
#include <set>

#include "natlims/lims/ApiError.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

// Writer-thread only: the box as stored, or 404.
BoxView SqliteStore::loadBox(PreparedConnection& db, const std::string& code) {
  BoxView box;
  std::int64_t id = 0;
  {
    auto& q = db.stmt("SELECT id, state, sealed_at, courier, handed_over_at FROM boxes WHERE code = ?");
    sqlite::StatementScope scope(q);
    q.bind(1, code);
    if (!q.step()) throw ApiError::notFound("unknown_box", "this box code was never issued by the server");
    id = q.int64(0);
    box.code = code;
    box.state = q.text(1);
    box.sealedAt = q.optInt64(2).value_or(0);
    box.courier = q.optText(3).value_or("");
    box.handedOverAt = q.optInt64(4).value_or(0);
  }
  auto& t = db.stmt("SELECT code FROM tubes WHERE box_id = ? ORDER BY code");
  sqlite::StatementScope scope(t);
  t.bind(1, id);
  while (t.step()) box.tubes.push_back(t.text(0));
  return box;
}

BoxView SqliteStore::findBox(const std::string& code) {
  auto r = reader();
  ReadTransaction snapshot(*r);  // the box and its tubes as of one moment
  return loadBox(*r, code);
}

BoxView SqliteStore::sealBox(const std::string& code, const std::vector<std::string>& tubesIn, const Actor& actor) {
  std::vector<std::string> tubes = tubesIn;
  std::sort(tubes.begin(), tubes.end());
  tubes.erase(std::unique(tubes.begin(), tubes.end()), tubes.end());
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    BoxView box = loadBox(writer(), code);
    if (box.state != "allocated") {
      if (box.tubes == tubes) return box;  // the same seal again: answered the same
      throw ApiError::conflict("box_sealed", "this box is already sealed with other tubes", "code");
    }
    std::int64_t boxId = 0;
    {
      auto& q = db.stmt("SELECT id FROM boxes WHERE code = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, code);
      q.step();
      boxId = q.int64(0);
    }
    auto& find = db.stmt("SELECT id, state, box_id FROM tubes WHERE code = ?");
    auto& pack = db.stmt("UPDATE tubes SET state = 'boxed', box_id = ? WHERE id = ?");
    for (const auto& tube : tubes) {
      std::int64_t tubeId = 0;
      {
        sqlite::StatementScope scope(find);
        find.bind(1, tube);
        if (!find.step())
          throw ApiError(422, "unknown_tube", "tube " + tube + " was never issued by the server", "tubes");
        tubeId = find.int64(0);
        const std::string state = find.text(1);
        if (!find.isNull(2)) throw ApiError::conflict("tube_in_box", "tube " + tube + " is already in a box", "tubes");
        if (state != "closed")
          throw ApiError::conflict("tube_not_closed", "tube " + tube + " is " + state + ": only closed tubes go in a box",
                                   "tubes");
      }
      pack.bind(1, boxId).bind(2, tubeId).run();
    }
    db.stmt("UPDATE boxes SET state = 'sealed', sealed_at = ?, sealed_by = ?, tube_count = ? WHERE id = ?")
        .bind(1, actor.at)
        .bind(2, actor.userId)
        .bind(3, static_cast<std::int64_t>(tubes.size()))
        .bind(4, boxId)
        .run();
    audit(actor, "box.seal", "box:" + code, "tubes=" + std::to_string(tubes.size()));
    box.state = "sealed";
    box.tubes = tubes;
    box.sealedAt = actor.at;
    return box;
  });
}

BoxView SqliteStore::handOverBox(const std::string& code, const std::string& courier, Millis at, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    BoxView box = loadBox(writer(), code);
    if (box.state == "allocated") throw ApiError::conflict("box_not_sealed", "seal the box before handing it over", "code");
    if (box.state != "sealed") {
      if (box.courier == courier) return box;  // the same handover again
      throw ApiError::conflict("box_handed_over", "this box was already handed to another courier", "courier");
    }
    ctx.db()
        .stmt("UPDATE boxes SET state = 'handed_over', courier = ?, handed_over_at = ? WHERE code = ?")
        .bind(1, courier)
        .bind(2, at)
        .bind(3, code)
        .run();
    audit(actor, "box.handover", "box:" + code, "courier=" + courier);
    box.state = "handed_over";
    box.courier = courier;
    box.handedOverAt = at;
    return box;
  });
}

}  // namespace natlims::lims
