#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "natlims/lims/Store.h"
#include "store/FileWarmer.h"
#include "store/GroupCommitter.h"
#include "store/StatementCache.h"

namespace natlims::lims {

class Metrics;

/// The embedded store: one SQLite file in WAL mode with synchronous=FULL and foreign keys on.
/// Writes go through the GroupCommitter (one writer thread, group commit); reads use a small pool
/// of read-only connections, which in WAL mode never block the writer.
class SqliteStore final : public Store {
 public:
  struct Options {
    std::string path;
    int cacheMb = 64;
    int maxGroup = 4096;
    int readers = 4;
    /// Hold up to this much of the database file in memory (FileWarmer, mapped by readers too);
    /// 0 leaves it to the OS page cache.
    int keepInMemoryMb = 0;
  };

  /// Opens or creates the database and applies pending migrations. Throws on failure.
  SqliteStore(const Options& options, Metrics* metrics);
  ~SqliteStore() override;

  /// Finishes queued writes and stops the writer; later writes throw.
  void close();
  /// The database file held in memory (zeros when keepInMemoryMb is 0).
  FileWarmer::Stats inMemory() const { return _warmer ? _warmer->stats() : FileWarmer::Stats{}; }

  std::int64_t userCount() override;
  std::optional<UserRecord> findUser(const std::string& username) override;
  std::optional<UserRecord> findUserById(std::int64_t id) override;
  UserRecord createUser(const std::string& username, Role role, const std::string& passwordHash,
                        const Actor& actor) override;
  void createSession(const SessionRecord& session, const Actor& actor) override;
  std::vector<SessionRecord> activeSessions(Millis now) override;

  CampaignRecord createCampaign(const CampaignRecord& campaign, const Actor& actor) override;
  std::vector<CampaignRecord> campaigns() override;
  std::optional<CampaignRecord> findCampaign(std::int64_t id) override;
  CampaignProgress progress(const CampaignRecord& campaign) override;

  ImportCounts importPopulation(const std::vector<PersonRow>& rows, const Actor& actor) override;
  std::vector<std::string> allocateCodes(domain::CodeKind kind, int count, const Actor& actor) override;

  RegistrationResult registerPerson(const RegistrationRequest& request, const Actor& actor) override;
  std::vector<RegistrationOutcome> registerPeople(const std::vector<RegistrationRequest>& requests,
                                                  const Actor& actor) override;
  TubeView voidRegistration(std::int64_t registrationId, const std::string& reason, const Actor& actor) override;
  TubeView closeTube(const std::string& code, const Actor& actor) override;

  BoxView findBox(const std::string& code) override;
  BoxView sealBox(const std::string& code, const std::vector<std::string>& tubes, const Actor& actor) override;
  BoxView handOverBox(const std::string& code, const std::string& courier, Millis at, const Actor& actor) override;

  BoxReceipt receiveBox(const std::string& code, const std::vector<std::string>& scanned,
                        std::optional<double> temperatureC, int maxTransitMinutes, const Actor& actor) override;
  PlateRecord createPlate(const PlateRecord& plate, const Actor& actor) override;
  std::optional<PlateRecord> findPlate(std::int64_t id) override;
  std::vector<std::pair<std::string, bool>> labQueue(int limit) override;
  std::optional<std::int64_t> plateOfTube(const std::string& tube) override;
  std::optional<StoredRun> findRunBySha(const std::string& sha256) override;
  std::optional<StoredRun> findRun(std::int64_t id) override;
  StoredRun storeRun(const NewRun& run, const Actor& actor) override;
  StoredRun releaseRun(std::int64_t runId, bool techMayReleaseNegatives, const Actor& actor) override;

  std::optional<PersonStatus> lookup(int idType, const std::string& idNumber, const std::string& nationality,
                                     const std::string& name) override;
  std::vector<RecallEntry> recallList(std::int64_t campaignId) override;

  std::vector<OutboxItem> dueOutbox(Millis now, int limit) override;
  std::optional<ReportFacts> reportFacts(std::int64_t resultId) override;
  void markOutbox(std::int64_t id, const OutboxMark& mark) override;
  std::vector<OutboxItem> reportsDueBefore(Millis before) override;
  DailyFigures dailyFigures(Millis from, Millis to) override;
  std::int64_t enrol(const PersonRow& person, const std::string& protocol, const std::string& startDate,
                     const std::string& endDate, const Actor& actor) override;
  std::vector<Enrolment> enrolments() override;
  int correctResult(const Correction& correction, const Actor& actor) override;

  std::vector<std::pair<std::int64_t, std::int64_t>> samplingByHour(std::int64_t campaignId) override;
  std::optional<std::pair<CoverageRow, std::vector<CoverageRow>>> coverage(std::int64_t campaignId,
                                                                          const std::string& path) override;
  PipelineCounts pipeline(std::int64_t campaignId, Millis now, int maxTransitMinutes, int maxWaitMinutes) override;
  std::vector<PositiveView> positives(std::int64_t campaignId) override;
  void savePlan(std::int64_t campaignId, const CampaignPlan& plan, const Actor& actor) override;
  std::optional<CampaignPlan> findPlan(std::int64_t campaignId) override;
  void notSampled(std::int64_t campaignId, const std::string& path, const std::function<void(const NotSampledRow&)>& row) override;

 private:
  /// A read-only connection borrowed from the pool for one call.
  class ReaderLease {
   public:
    ReaderLease(SqliteStore& store, std::unique_ptr<PreparedConnection> conn) : _store(store), _conn(std::move(conn)) {}
    ReaderLease(ReaderLease&&) = default;
    ~ReaderLease() {
      if (!_conn) return;
      {
        std::lock_guard lock(_store._readersMutex);
        _store._idleReaders.push_back(std::move(_conn));
      }
      _store._readerFree.notify_one();
    }
    PreparedConnection* operator->() { return _conn.get(); }
    PreparedConnection& operator*() { return *_conn; }

   private:
    SqliteStore& _store;
    std::unique_ptr<PreparedConnection> _conn;
  };
  ReaderLease reader();

  // Writer-thread helpers: called only inside GroupCommitter jobs.
  PreparedConnection& writer() { return *_writerConn; }
  void audit(const Actor& actor, const std::string& action, const std::string& target, const std::string& detail);
  std::int64_t stationId(const std::string& name);
  std::int64_t clientId(const std::string& address);
  BoxView loadBox(PreparedConnection& conn, const std::string& code);
  RegistrationResult registerIn(WriteContext& ctx, const RegistrationRequest& request, const Actor& actor);
  std::string healthcodeBatch(std::int64_t resultId, Millis resultedAt);
  std::optional<StoredRun> findRunIn(PreparedConnection& conn, std::int64_t id);
  std::int64_t gridUnitId(const std::string& path, std::unordered_map<std::string, std::int64_t>& fresh);

  Options _options;
  Metrics* _metrics;
  // The writer's connection is used only from the GroupCommitter thread (and before it starts).
  PreparedConnection* _writerConn = nullptr;
  std::unique_ptr<GroupCommitter> _writer;

  std::mutex _readersMutex;
  std::condition_variable _readerFree;
  std::vector<std::unique_ptr<PreparedConnection>> _idleReaders;  // guarded by _readersMutex
  std::unique_ptr<FileWarmer> _warmer;  // when options.keepInMemoryMb > 0
};

}  // namespace natlims::lims
