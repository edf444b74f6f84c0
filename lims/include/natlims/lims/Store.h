#pragma once

#include <optional>
#include <string>
#include <vector>

#include "natlims/domain/CodeScheme.h"
#include "natlims/lims/LabRecords.h"
#include "natlims/lims/OutboxRecords.h"
#include "natlims/lims/Records.h"
#include "natlims/lims/TrackingRecords.h"

#include <functional>

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
  /// Registers each request as registerPerson would, all in one commit (each in its own
  /// savepoint): an entry refused changes nothing and does not stop the others. Returns, in
  /// order, each entry's result or its refusal.
  virtual std::vector<RegistrationOutcome> registerPeople(const std::vector<RegistrationRequest>& requests,
                                                          const Actor& actor) = 0;
  /// Undoes a registration while its tube is open; idempotent. Returns the tube after the undo.
  virtual TubeView voidRegistration(std::int64_t registrationId, const std::string& reason, const Actor& actor) = 0;
  /// Closes an open tube (idempotent for a closed one).
  virtual TubeView closeTube(const std::string& code, const Actor& actor) = 0;

  // Transport boxes.
  /// Seals an allocated box with closed tubes (idempotent for the same set). Refusals: 404
  /// unknown_box, 409 box_sealed (another set), tube_not_closed, tube_in_box, 422 unknown_tube.
  /// A box as it stands (state, tubes, courier); throws ApiError unknown_box (404).
  virtual BoxView findBox(const std::string& code) = 0;
  virtual BoxView sealBox(const std::string& code, const std::vector<std::string>& tubes, const Actor& actor) = 0;
  /// Records the handover of a sealed box to a courier (idempotent for the same courier).
  virtual BoxView handOverBox(const std::string& code, const std::string& courier, Millis at, const Actor& actor) = 0;

  // The lab.
  /// Receives a sealed box: scanned tubes against its manifest. Refusals: 404 unknown_box,
  /// 409 box_not_sealed, box_received, tube_received (a tube received before).
  virtual BoxReceipt receiveBox(const std::string& code, const std::vector<std::string>& scanned,
                                std::optional<double> temperatureC, int maxTransitMinutes, const Actor& actor) = 0;
  /// Stores a plate laid out by the instruments library; every sample tube must be received and
  /// not on a plate awaiting its run. Returns it with its id.
  virtual PlateRecord createPlate(const PlateRecord& plate, const Actor& actor) = 0;
  virtual std::optional<PlateRecord> findPlate(std::int64_t id) = 0;
  /// Received tubes waiting for a plate (never plated, or their plate failed): re-sampled single
  /// tubes of positive pools first, then the longest waiting.
  virtual std::vector<std::pair<std::string, bool>> labQueue(int limit) = 0;
  /// The plate a tube was last laid out on, if any.
  virtual std::optional<std::int64_t> plateOfTube(const std::string& tube) = 0;
  /// The run imported from exactly these bytes, if any.
  virtual std::optional<StoredRun> findRunBySha(const std::string& sha256) = 0;
  virtual std::optional<StoredRun> findRun(std::int64_t id) = 0;
  /// Stores a run and its results atomically (idempotent by sha256: returns the earlier run).
  virtual StoredRun storeRun(const NewRun& run, const Actor& actor) = 0;
  /// Releases a run: results become final and the outbox gets the reports and result pushes.
  /// Refusals: 409 run_released, 403 two_person_rule, 403 forbidden (tech may not release).
  virtual StoredRun releaseRun(std::int64_t runId, bool techMayReleaseNegatives, const Actor& actor) = 0;

  // Results.
  /// The status of a person, or nullopt when no such person is known (or the name differs).
  virtual std::optional<PersonStatus> lookup(int idType, const std::string& idNumber, const std::string& nationality,
                                             const std::string& name) = 0;
  /// The people of positive or retest pooled tubes of a campaign.
  virtual std::vector<RecallEntry> recallList(std::int64_t campaignId) = 0;

  // The outbox.
  /// Messages due for an attempt at `now` (undelivered, not rejected), oldest deadline first.
  virtual std::vector<OutboxItem> dueOutbox(Millis now, int limit) = 0;
  virtual std::optional<ReportFacts> reportFacts(std::int64_t resultId) = 0;
  virtual void markOutbox(std::int64_t id, const OutboxMark& mark) = 0;
  /// Reports not delivered yet whose deadline is before `before` (for alerts and escalation).
  virtual std::vector<OutboxItem> reportsDueBefore(Millis before) = 0;
  /// The figures of one local day [from, to).
  virtual DailyFigures dailyFigures(Millis from, Millis to) = 0;

  // Repeat-testing protocols.
  /// Enrols a person (added to the persons table when unknown). 409 already_enrolled for the
  /// same person, protocol and start. Returns the enrolment id.
  virtual std::int64_t enrol(const PersonRow& person, const std::string& protocol, const std::string& startDate,
                             const std::string& endDate, const Actor& actor) = 0;
  /// Every enrolment with the person's sample times.
  virtual std::vector<Enrolment> enrolments() = 0;

  /// Corrects a released result: a new version with the reason; the reports and result pushes
  /// already sent are sent again as corrections. 404 unknown_tube, 409 not_released, same_result.
  virtual int correctResult(const Correction& correction, const Actor& actor) = 0;

  // Live tracking (cheap at any scale: running counts, never a scan of registrations).
  /// People sampled per hour since the campaign's start: (hour index, people).
  virtual std::vector<std::pair<std::int64_t, std::int64_t>> samplingByHour(std::int64_t campaignId) = 0;
  /// The grid unit at `path` and its children, each with its subtree's counts; nullopt when the
  /// path is not a grid unit.
  virtual std::optional<std::pair<CoverageRow, std::vector<CoverageRow>>> coverage(std::int64_t campaignId,
                                                                                  const std::string& path) = 0;
  virtual PipelineCounts pipeline(std::int64_t campaignId, Millis now, int maxTransitMinutes, int maxWaitMinutes) = 0;
  virtual std::vector<PositiveView> positives(std::int64_t campaignId) = 0;
  /// Attaches (or replaces) the campaign's plan.
  virtual void savePlan(std::int64_t campaignId, const CampaignPlan& plan, const Actor& actor) = 0;
  virtual std::optional<CampaignPlan> findPlan(std::int64_t campaignId) = 0;
  /// Calls `row` for each person of the register under `path` without a registration in the campaign.
  virtual void notSampled(std::int64_t campaignId, const std::string& path, const std::function<void(const NotSampledRow&)>& row) = 0;
};

}  // namespace natlims::lims
