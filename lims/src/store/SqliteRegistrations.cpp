// Registrations and tubes: the hot path. Every check that depends on stored state happens
// inside the writer's transaction, so two stations can never both take the last place in a tube
// or register one person twice.
#include <Poco/SHA2Engine.h>

#include <cstring>

#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"
#include "Metrics.h"
#include "store/Names.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

namespace {

// 64-bit digest of (user, key): Idempotency-Keys are chosen by clients, so they are scoped to
// the user who sent them.
std::int64_t idempotencyDigest(std::int64_t userId, const std::string& key) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(std::to_string(userId));
  sha.update('\0');
  sha.update(key);
  const auto& d = sha.digest();
  std::int64_t v = 0;
  std::memcpy(&v, d.data(), sizeof v);
  return v;
}

}  // namespace

std::string comparableName(std::string_view name) {
  name = domain::trimBlanks(name);
  std::string out;
  bool blank = false;
  for (char c : name) {
    if (c == ' ' || c == '\t') { blank = true; continue; }
    if (blank && !out.empty()) out.push_back(' ');
    blank = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

namespace {

bool isClosedState(const std::string& state) { return state != "open" && state != "allocated"; }

}  // namespace

RegistrationResult SqliteStore::registerPerson(const RegistrationRequest& req, const Actor& actor) {
  auto result = _writer->call([&](WriteContext& ctx) { return registerIn(ctx, req, actor); });
  if (_metrics && !result.replayed) _metrics->addRegistrations(1);
  return result;
}

std::vector<RegistrationOutcome> SqliteStore::registerPeople(const std::vector<RegistrationRequest>& requests,
                                                             const Actor& actor) {
  std::vector<RegistrationOutcome> out(requests.size());
  std::vector<GroupCommitter::Job> jobs;
  jobs.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i)
    jobs.emplace_back([&, i](WriteContext& ctx) { out[i].result = registerIn(ctx, requests[i], actor); });
  // One enqueue: the entries share a commit (in order, each in its own savepoint).
  const auto errors = _writer->runAll(std::move(jobs));
  std::int64_t added = 0;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (!errors[i]) {
      if (!out[i].result->replayed) ++added;
      continue;
    }
    out[i].result.reset();
    try {
      std::rethrow_exception(errors[i]);
    } catch (const ApiError& e) {
      out[i].error = e;
    } catch (const std::exception& e) {
      // Not stored (its savepoint, or the whole commit, was rolled back); safe to retry.
      out[i].error = ApiError(503, "store_unavailable", "the store could not complete this entry; nothing was stored");
    }
  }
  if (_metrics && added) _metrics->addRegistrations(added);
  return out;
}

RegistrationResult SqliteStore::registerIn(WriteContext& ctx, const RegistrationRequest& req, const Actor& actor) {
  const std::optional<std::int64_t> idem =
      req.idempotencyKey.empty() ? std::nullopt : std::optional(idempotencyDigest(actor.userId, req.idempotencyKey));
  {
    auto& db = ctx.db();
    // The campaign.
    int campaignPool = 0;
    Millis campaignStart = 0;
    {
      auto& q = db.stmt("SELECT pool_size, starts_at FROM campaigns WHERE id = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, req.campaignId);
      if (!q.step()) throw ApiError(404, "unknown_campaign", "no campaign with this id", "campaign_id");
      campaignPool = static_cast<int>(q.int64(0));
      campaignStart = q.int64(1);
    }
    // The person, and their registrations in this campaign.
    std::optional<std::int64_t> personId;
    std::optional<std::int64_t> gridUnit;
    std::string registeredName;
    {
      auto& q = db.stmt("SELECT id, name, grid_unit_id FROM persons WHERE id_type = ? AND id_number = ? AND nationality = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, req.idType).bind(2, req.idNumber).bind(3, req.nationality);
      if (q.step()) {
        personId = q.int64(0);
        registeredName = q.text(1);
        gridUnit = q.optInt64(2);
      }
    }
    // A single tube re-sampled from a positive pool: the person must be one of the pool's people.
    std::optional<std::int64_t> recallOf;
    if (!req.recallOf.empty()) {
      auto& q = db.stmt(
          "SELECT t.id FROM tubes t JOIN registrations r ON r.tube_id = t.id AND r.voided_at IS NULL "
          "WHERE t.code = ? AND r.person_id = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, req.recallOf).bind(2, personId.value_or(-1));
      if (!q.step())
        throw ApiError::conflict("not_in_pool", "this person was not sampled into the recalled pool tube", "recall_of");
      recallOf = q.int64(0);
    }
    const bool resample = req.resample || recallOf.has_value();
    bool activeRegistration = false;
    if (personId) {
      auto& q = db.stmt(
          "SELECT r.id, r.position, r.idem, r.voided_at, t.code, t.pool_size FROM registrations r "
          "JOIN tubes t ON t.id = r.tube_id WHERE r.campaign_id = ? AND r.person_id = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, req.campaignId).bind(2, *personId);
      std::optional<std::string> activeTube;
      while (q.step()) {
        if (idem && q.optInt64(2) == idem) {
          if (q.text(4) != req.tube)
            throw ApiError(422, "idempotency_key_reused",
                           "this Idempotency-Key was used for a registration to another tube", "Idempotency-Key");
          RegistrationResult replay;
          replay.id = q.int64(0);
          replay.tube.code = q.text(4);
          replay.tube.count = static_cast<int>(q.int64(1));
          replay.tube.poolSize = static_cast<int>(q.int64(5));
          replay.tube.state = replay.tube.count >= replay.tube.poolSize ? "closed" : "open";
          replay.replayed = true;
          return replay;
        }
        if (q.isNull(3)) activeTube = q.text(4);
      }
      activeRegistration = activeTube.has_value();
      if (activeRegistration && !resample)
        throw ApiError::conflict("already_registered",
                                 "this person is already registered in this campaign (tube " + *activeTube +
                                     "); to sample again send resample with a reason",
                                 "id_number");
      if (req.name && comparableName(*req.name) != comparableName(registeredName))
        throw ApiError::conflict("name_mismatch",
                                 "the name does not match the register for this document: check the ID and the name",
                                 "name");
    } else if (!req.name) {
      throw ApiError::invalid("name", "name is required for a person who is not in the register");
    }
    // The tube.
    std::int64_t tubeId = 0;
    int count = 0, poolSize = 0;
    bool opening = false;
    {
      auto& q = db.stmt("SELECT id, campaign_id, pool_size, count, state FROM tubes WHERE code = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, req.tube);
      if (!q.step())
        throw ApiError(422, "unknown_tube", "this tube code was never issued by the server: use a printed label",
                       "tube");
      tubeId = q.int64(0);
      const auto tubeCampaign = q.optInt64(1);
      const std::string state = q.text(4);
      if (tubeCampaign && *tubeCampaign != req.campaignId)
        throw ApiError::conflict("tube_other_campaign", "this tube belongs to another campaign", "tube");
      if (isClosedState(state)) throw ApiError::conflict("tube_closed", "this tube is closed: open a new tube", "tube");
      opening = state == "allocated";
      // A recall tube is a single tube whatever the campaign's pool size.
      poolSize = opening ? (recallOf ? 1 : req.poolSize.value_or(campaignPool)) : static_cast<int>(q.int64(2));
      if (recallOf && !opening)
        throw ApiError::conflict("tube_not_fresh", "a recalled person is re-sampled into a fresh single tube", "tube");
      count = static_cast<int>(q.int64(3));
      if (count >= poolSize) throw ApiError::conflict("tube_full", "this tube is full: open a new tube", "tube");
    }
    const std::int64_t station = stationId(req.station);
    if (!personId) {
      db.stmt("INSERT INTO persons(id_type, id_number, nationality, name, phone) VALUES(?,?,?,?,?)")
          .bind(1, req.idType)
          .bind(2, req.idNumber)
          .bind(3, req.nationality)
          .bind(4, std::string(domain::trimBlanks(*req.name)))
          .bindOptional(5, req.phone)
          .run();
      personId = db.db().lastInsertRowid();
      if (!req.sampleKind.empty())
        db.stmt("INSERT INTO samples(person_id, kind, location) VALUES(?,?,?)")
            .bind(1, *personId)
            .bind(2, req.sampleKind)
            .bind(3, req.sampleLocation)
            .run();
    }
    const int position = count + 1;
    {
      auto& ins = db.stmt(
          "INSERT INTO registrations(campaign_id, person_id, tube_id, position, station_id, user_id, client_id, "
          "sampled_at, idem, resample) VALUES(?,?,?,?,?,?,?,?,?,?)");
      ins.bind(1, req.campaignId).bind(2, *personId).bind(3, tubeId).bind(4, position).bind(5, station);
      ins.bind(6, actor.userId).bind(7, clientId(actor.client)).bind(8, req.sampledAt).bindOptional(9, idem);
      if (recallOf) ins.bind(10, req.reason.empty() ? "recall of pool " + req.recallOf : req.reason);
      else if (req.resample) ins.bind(10, req.reason);
      else ins.bindNull(10);
      ins.run();
    }
    const std::int64_t registrationId = db.db().lastInsertRowid();
    const bool closing = position >= poolSize;
    const char* newState = closing ? "closed" : "open";
    if (opening) {
      db.stmt("UPDATE tubes SET campaign_id = ?, pool_size = ?, count = ?, state = ?, station_id = ?, opened_at = ?, "
              "closed_at = ?, recall_of = ?9, priority = ?10 WHERE id = ?8")
          .bind(1, req.campaignId)
          .bind(2, poolSize)
          .bind(3, position)
          .bind(4, newState)
          .bind(5, station)
          .bind(6, actor.at)
          .bindOptional(7, closing ? std::optional<std::int64_t>(actor.at) : std::nullopt)
          .bind(8, tubeId)
          .bindOptional(9, recallOf)
          .bind(10, recallOf ? 1 : 0)
          .run();
    } else {
      db.stmt("UPDATE tubes SET count = ?, state = ?, closed_at = ? WHERE id = ?")
          .bind(1, position)
          .bind(2, newState)
          .bindOptional(3, closing ? std::optional<std::int64_t>(actor.at) : std::nullopt)
          .bind(4, tubeId)
          .run();
    }
    db.stmt("UPDATE campaigns SET registrations = registrations + 1, sampled = sampled + ?, "
            "tubes_open = tubes_open + ?, tubes_closed = tubes_closed + ?, "
            "first_sample_at = min(coalesce(first_sample_at, ?4), ?4), last_sample_at = max(coalesce(last_sample_at, ?4), ?4) "
            "WHERE id = ?5")
        .bind(1, activeRegistration ? 0 : 1)
        .bind(2, (opening ? 1 : 0) - (closing ? 1 : 0))
        .bind(3, closing ? 1 : 0)
        .bind(4, req.sampledAt)
        .bind(5, req.campaignId)
        .run();
    // Live-tracking counts: people per grid unit and per hour, counted once per person.
    if (!activeRegistration) {
      if (gridUnit)
        db.stmt("INSERT INTO campaign_grid(campaign_id, grid_unit_id, sampled) VALUES(?, ?, 1) "
                "ON CONFLICT(campaign_id, grid_unit_id) DO UPDATE SET sampled = sampled + 1")
            .bind(1, req.campaignId)
            .bind(2, *gridUnit)
            .run();
      db.stmt("INSERT INTO campaign_hours(campaign_id, hour, sampled) VALUES(?, ?, 1) "
              "ON CONFLICT(campaign_id, hour) DO UPDATE SET sampled = sampled + 1")
          .bind(1, req.campaignId)
          .bind(2, (req.sampledAt - campaignStart) / 3600000)
          .run();
    }
    RegistrationResult r;
    r.id = registrationId;
    r.tube = {req.tube, position, poolSize, newState};
    return r;
  }
}

TubeView SqliteStore::voidRegistration(std::int64_t registrationId, const std::string& reason, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    std::int64_t tubeId = 0, campaignId = 0, personId = 0, userId = 0;
    bool voided = false;
    TubeView tube;
    {
      auto& q = db.stmt(
          "SELECT r.tube_id, r.campaign_id, r.person_id, r.user_id, r.voided_at IS NOT NULL, t.code, t.count, "
          "t.pool_size, t.state FROM registrations r JOIN tubes t ON t.id = r.tube_id WHERE r.id = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, registrationId);
      if (!q.step()) throw ApiError::notFound("unknown_registration", "no registration with this id");
      tubeId = q.int64(0);
      campaignId = q.int64(1);
      personId = q.int64(2);
      userId = q.int64(3);
      voided = q.int64(4) != 0;
      tube = {q.text(5), static_cast<int>(q.int64(6)), static_cast<int>(q.int64(7)), q.text(8)};
    }
    if (voided) return tube;
    if (actor.role == Role::Sampler && userId != actor.userId)
      throw ApiError(403, "forbidden", "only the sampler who made a registration, or a coordinator, may undo it");
    if (tube.state != "open")
      throw ApiError::conflict("tube_closed", "a registration can only be undone while its tube is open");
    db.stmt("UPDATE registrations SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?")
        .bind(1, actor.at)
        .bind(2, actor.userId)
        .bind(3, reason)
        .bind(4, registrationId)
        .run();
    db.stmt("UPDATE tubes SET count = count - 1 WHERE id = ?").bind(1, tubeId).run();
    bool stillSampled = false;
    {
      auto& q = db.stmt(
          "SELECT 1 FROM registrations WHERE campaign_id = ? AND person_id = ? AND voided_at IS NULL LIMIT 1");
      sqlite::StatementScope scope(q);
      q.bind(1, campaignId).bind(2, personId);
      stillSampled = q.step();
    }
    db.stmt("UPDATE campaigns SET registrations = registrations - 1, sampled = sampled - ? WHERE id = ?")
        .bind(1, stillSampled ? 0 : 1)
        .bind(2, campaignId)
        .run();
    if (!stillSampled) {
      db.stmt("UPDATE campaign_grid SET sampled = sampled - 1 WHERE campaign_id = ? AND grid_unit_id = "
              "(SELECT grid_unit_id FROM persons WHERE id = ?)")
          .bind(1, campaignId)
          .bind(2, personId)
          .run();
      db.stmt("UPDATE campaign_hours SET sampled = sampled - 1 WHERE campaign_id = ?1 AND hour = "
              "(SELECT (r.sampled_at - c.starts_at) / 3600000 FROM registrations r JOIN campaigns c ON c.id = r.campaign_id "
              "WHERE r.id = ?2)")
          .bind(1, campaignId)
          .bind(2, registrationId)
          .run();
    }
    audit(actor, "registration.void", "registration:" + std::to_string(registrationId), "reason=" + reason);
    tube.count -= 1;
    return tube;
  });
}

TubeView SqliteStore::closeTube(const std::string& code, const Actor& actor) {
  return _writer->call([&](WriteContext& ctx) {
    auto& db = ctx.db();
    TubeView tube;
    std::int64_t tubeId = 0, campaignId = 0;
    {
      auto& q = db.stmt("SELECT id, campaign_id, count, pool_size, state FROM tubes WHERE code = ?");
      sqlite::StatementScope scope(q);
      q.bind(1, code);
      if (!q.step()) throw ApiError::notFound("unknown_tube", "this tube code was never issued by the server");
      tubeId = q.int64(0);
      campaignId = q.optInt64(1).value_or(0);
      tube = {code, static_cast<int>(q.int64(2)), static_cast<int>(q.optInt64(3).value_or(0)), q.text(4)};
    }
    if (tube.state == "allocated")
      throw ApiError::conflict("tube_empty", "this tube has no registrations: nothing to close", "code");
    if (tube.state != "open") return tube;  // already closed: closing again answers the same
    if (tube.count == 0)
      throw ApiError::conflict("tube_empty", "every registration of this tube was undone: nothing to close", "code");
    db.stmt("UPDATE tubes SET state = 'closed', closed_at = ? WHERE id = ?").bind(1, actor.at).bind(2, tubeId).run();
    db.stmt("UPDATE campaigns SET tubes_open = tubes_open - 1, tubes_closed = tubes_closed + 1 WHERE id = ?")
        .bind(1, campaignId)
        .run();
    audit(actor, "tube.close", "tube:" + code, "count=" + std::to_string(tube.count));
    tube.state = "closed";
    return tube;
  });
}

}  // namespace natlims::lims
