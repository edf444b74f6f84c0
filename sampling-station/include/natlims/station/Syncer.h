#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "natlims/domain/PreRegistration.h"
#include "natlims/station/ApiClient.h"
#include "natlims/station/Journal.h"
#include "natlims/station/SyncSettings.h"

namespace natlims::station {

/// What the sync thread reports to the station (called on the sync thread; the receiver queues it).
struct SyncEvent {
  enum class Kind {
    Answers,       // entries got their final answer (Sent, Refused or Skipped)
    PreRegKey,     // the server's pre-registration public key (on every login)
    Campaign,      // the campaign's pool size and name (on every login)
    Codes,         // fresh box or tube codes for the stock
    Status,        // online/offline, error text changed
    LoginRefused,  // the server refused the user name or password
  };
  Kind kind = Kind::Status;
  std::vector<JournalEntry> answered;
  std::optional<domain::Ed25519PublicKey> preRegKey;
  int poolSize = 0;
  std::string campaignName;
  char codeKind = 'X';                // Codes: 'X' box, 'T' tube
  std::vector<std::string> codes;
  std::string message;
};

struct SyncStatus {
  bool online = false;          // the last request got an HTTP answer
  bool loggedIn = false;
  std::int64_t lastContactAt = 0;  // ms since epoch
  std::int64_t nextRetryAt = 0;    // ms since epoch, 0 when not waiting
  std::string lastError;           // why it is offline or stuck, empty when fine
};

/// The background sync (docs/station.md, "Sync"): sends the journal's queued entries in order,
/// each with the Idempotency-Key "<journalId>-<seq>", and records the answers. Each round takes
/// the oldest queued entries, picks those planSyncRound allows together (per tube and box, the
/// operator's order is kept) and sends them: when more than one registration is picked, the
/// registrations go in POST /api/v1/registrations/batch requests of up to `batchSize` (journal
/// order, each key in its entry, one batch after the other on the first connection, a later batch
/// only once the earlier one is answered in full), everything else one request per entry over the
/// other connections at the same time. Network failures, 5xx, 408 and 429 (of a whole request or
/// of one batch entry) leave entries queued and back off; 401 logs in again; any other 4xx is a
/// refusal of that entry, final, reported to the operator. A server without the batch call (404
/// or 405) gets one request per entry until the next login. Because every entry is retried until
/// it has a final answer and the server answers a repeated key (in a header or a batch entry)
/// with the first answer, each action takes effect exactly once, whatever crashes in between.
class Syncer {
 public:
  using Listener = std::function<void(const SyncEvent&)>;

  Syncer(Journal& journal, SyncSettings settings, Listener listener);
  ~Syncer();  // stops the thread
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;

  void start();
  void stop();
  /// New entries were journaled: send them now rather than at the next poll.
  void wake();
  /// The station's current code stocks, so that the sync tops them up when low.
  void setStock(int boxCodes, int tubeCodes);

  SyncStatus status() const;

 private:
  // NotSent: a registration whose batch waited for an earlier one that failed (queued, no answer).
  enum class Result { Accepted, Refused, Skipped, Retry, Relogin, NotSent };
  enum class BatchAnswer { Answered, SendSingly };

  void run();
  bool login(ApiClient& client);
  void afterLogin(ApiClient& client);
  void topUpStocks(ApiClient& client);
  bool sendRound();
  Result send(ApiClient& client, JournalEntry& e, const std::string& token);
  void sendBatches(ApiClient& client, std::vector<JournalEntry>& round, const std::vector<std::vector<std::size_t>>& batches,
                   std::vector<Result>& results, const std::string& token);
  BatchAnswer sendBatch(ApiClient& client, std::vector<JournalEntry>& round, const std::vector<std::size_t>& batch,
                        std::vector<Result>& results, const std::string& token);
  /// Records one answer into `e` (a single request's, or a batch entry's): `serverId` of an
  /// accepted registration, `error` otherwise.
  static Result recordAnswer(JournalEntry& e, int status, const std::string& serverId, const ApiError& error);
  std::string idempotencyKey(const JournalEntry& e) const;
  void waitBackoff();
  void setOnline(bool online, const std::string& error);
  /// The registration's JSON object; with `withKey`, as a batch entry (its idempotency_key inside).
  std::string registrationBody(const JournalEntry& e, bool withKey = false) const;
  std::string token() const;

  Journal& _journal;
  const SyncSettings _settings;
  Listener _listener;
  std::vector<std::unique_ptr<ApiClient>> _clients;  // used by the sync thread and its helpers

  mutable std::mutex _mutex;  // guards _status, _token, _wakeups, _stop
  std::condition_variable _cv;
  SyncStatus _status;
  std::string _token;
  std::uint64_t _wakeups = 0;
  bool _stop = false;

  bool _batchesTaken = true;  // false once the server answered 404/405 to a batch (until the next login); sync thread only
  std::atomic<int> _boxStock{0};
  std::atomic<int> _tubeStock{0};
  std::chrono::milliseconds _backoff;
  std::thread _thread;
};

}  // namespace natlims::station
