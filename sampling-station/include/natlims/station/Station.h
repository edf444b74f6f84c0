#pragma once

#include <condition_variable>
#include <cstdint>
#include <thread>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/domain/PreRegistration.h"
#include "natlims/station/Clock.h"
#include "natlims/station/Journal.h"
#include "natlims/station/LabelSink.h"
#include "natlims/station/Notice.h"
#include "natlims/station/Outcome.h"
#include "natlims/station/SyncSettings.h"
#include "natlims/station/Syncer.h"
#include "natlims/station/Workflow.h"

namespace natlims::station {

struct StationSettings {
  std::string journalPath;          // required
  std::string station;              // required; must match the journal's
  std::string user;                 // the operator (shown; used to log in)
  std::int64_t campaignId = 0;      // 0: the journal's; otherwise must match the journal's
  std::optional<int> poolSize;      // overrides the campaign's pool size
  std::optional<domain::Ed25519PublicKey> preRegKey;  // pinned key; else the server's, kept in the journal
  bool startSync = true;            // false: journal only (no server)
  SyncSettings sync;                // serverUrl, password, timing; station/campaign/journalId filled in
};

/// The sampling station without its screen: scans in, durable outcomes out, background sync.
/// One thread (the screen's, the script's or the simulator's) calls scan() and poll(); the sync
/// runs on its own thread and reports through poll().
class Station {
 public:
  /// Opens (or creates) the journal, checks it belongs to this station and campaign, replays it,
  /// and starts the sync. Throws std::runtime_error with a reason on a journal that does not fit.
  Station(StationSettings settings, Clock clock = systemMillis, LabelSink* labels = nullptr);
  ~Station();
  Station(const Station&) = delete;
  Station& operator=(const Station&) = delete;

  /// Handles one scanned or typed line: recognise, decide, journal durably, apply, wake the sync.
  /// Returns the outcome to show. `progress` keys (the script's position) are written in the same
  /// transaction as the entries, and only at a point a restart can resume from: not while a
  /// person waits for a tube or a re-swab is armed, which a restart would forget.
  Outcome scan(std::string_view line, const std::map<std::string, std::string>& progress = {});

  /// Applies what the sync reported since the last call; returns the refusals to show.
  std::vector<Notice> poll();

  /// Readable when poll() has something new (for a poll(2) loop); drain with poll().
  int eventFd() const { return _eventPipe[0]; }

  const Workflow& workflow() const { return _workflow; }
  SyncStatus syncStatus() const;
  JournalCounts counts() const { return _journal.counts(); }
  Journal& journal() { return _journal; }
  const StationSettings& settings() const { return _settings; }
  std::int64_t campaignId() const { return _settings.campaignId; }
  const std::string& campaignName() const { return _campaignName; }
  bool hasPreRegKey() const { return _preRegKey.has_value(); }
  /// The login was refused (wrong user or password): nothing will be uploaded until restarted.
  bool loginRefused() const { return _loginRefused; }
  const std::string& loginError() const { return _loginError; }
  std::int64_t now() const { return _clock(); }

  /// Labels waiting for the printer or being printed.
  std::size_t pendingPrints() const;

  /// An unused tube code from the stock fetched from the server (for the simulator), if any.
  std::optional<std::string> takeTubeCode();
  std::size_t tubeCodeStock() const { return _tubeCodes.size(); }

 private:
  void onSyncEvent(const SyncEvent& ev);  // sync thread
  void wakeReader();
  void printLoop();                       // print thread
  std::string stockText(const std::deque<std::string>& codes) const;

  StationSettings _settings;
  Clock _clock;
  LabelSink* _labels;
  Journal _journal;
  Workflow _workflow;
  std::optional<domain::Ed25519PublicKey> _preRegKey;
  std::string _campaignName;
  std::deque<std::string> _boxCodes, _tubeCodes;
  bool _loginRefused = false;
  std::string _loginError;

  std::mutex _inboxMutex;  // guards _inbox and _printFailures
  std::vector<SyncEvent> _inbox;
  std::vector<Notice> _printFailures;

  struct PrintJob {
    std::string code, campaign;
    int poolSize = 0;
  };
  mutable std::mutex _printMutex;  // guards _printJobs, _printing, _stopPrinting
  std::condition_variable _printCv;
  std::deque<PrintJob> _printJobs;
  bool _printing = false;
  bool _stopPrinting = false;
  std::thread _printThread;
  int _eventPipe[2] = {-1, -1};

  std::unique_ptr<Syncer> _syncer;  // last: stopped first
};

}  // namespace natlims::station
