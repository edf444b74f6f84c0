#pragma once

#include <optional>
#include <string>
#include <vector>

#include "natlims/domain/CodeScheme.h"
#include "natlims/lims/Records.h"

namespace natlims::lims {

/// Everything the server keeps, as domain operations. The SQLite implementation (SqliteStore) is
/// the default; a PostgreSQL implementation is another subclass (store.url = postgresql://...).
///
/// Every mutating call returns only once its change is durable (committed and fsynced); a call
/// that throws ApiError (an expected refusal) or anything else changed nothing. Mutating calls
/// record an audit entry in the same transaction (registrations are their own audit record:
/// each row keeps who, when, from where).
class Store {
 public:
  virtual ~Store() = default;

  // Users and sessions.
  virtual std::int64_t userCount() = 0;
  virtual std::optional<UserRecord> findUser(const std::string& username) = 0;
  virtual std::optional<UserRecord> findUserById(std::int64_t id) = 0;
  /// Throws ApiError 409 `username_taken`.
  virtual UserRecord createUser(const std::string& username, Role role, const std::string& passwordHash,
                                const Actor& actor) = 0;
  virtual void createSession(const SessionRecord& session, const Actor& actor) = 0;
  /// Sessions not expired at `now`, to fill the in-memory session table at start.
  virtual std::vector<SessionRecord> activeSessions(Millis now) = 0;

  // Campaigns.
  virtual CampaignRecord createCampaign(const CampaignRecord& campaign, const Actor& actor) = 0;
  virtual std::vector<CampaignRecord> campaigns() = 0;
  virtual std::optional<CampaignRecord> findCampaign(std::int64_t id) = 0;
  virtual CampaignProgress progress(const CampaignRecord& campaign) = 0;

  // Population register: one batch of valid rows, upserted by (type, number, nationality).
  virtual ImportCounts importPopulation(const std::vector<PersonRow>& rows, const Actor& actor) = 0;

  // Codes: fresh codes of `kind`, never handed out before.
  virtual std::vector<std::string> allocateCodes(domain::CodeKind kind, int count, const Actor& actor) = 0;

  // Registrations and tubes. Refusals are ApiError (409 already_registered, tube_full, ...).
  virtual RegistrationResult registerPerson(const RegistrationRequest& request, const Actor& actor) = 0;
  /// Undoes a registration while its tube is open; idempotent. Returns the tube after the undo.
  virtual TubeView voidRegistration(std::int64_t registrationId, const std::string& reason, const Actor& actor) = 0;
  /// Closes an open tube (idempotent for a closed one).
  virtual TubeView closeTube(const std::string& code, const Actor& actor) = 0;

  // Transport boxes.
  /// Seals an allocated box with closed tubes (idempotent for the same set). Refusals: 404
  /// unknown_box, 409 box_sealed (another set), tube_not_closed, tube_in_box, 422 unknown_tube.
  virtual BoxView sealBox(const std::string& code, const std::vector<std::string>& tubes, const Actor& actor) = 0;
  /// Records the handover of a sealed box to a courier (idempotent for the same courier).
  virtual BoxView handOverBox(const std::string& code, const std::string& courier, Millis at, const Actor& actor) = 0;
};

}  // namespace natlims::lims
