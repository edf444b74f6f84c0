#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "natlims/station/JournalEntry.h"

struct sqlite3;

namespace natlims::station {

/// Counts of uploadable entries by state, kept in memory (the screen shows them every second).
struct JournalCounts {
  std::int64_t queued = 0;
  std::int64_t sent = 0;
  std::int64_t refused = 0;
};

/// The station's offline-first journal: one SQLite file (WAL, synchronous=FULL) holding every
/// action in order and the server's answer to it, plus a small key/value table (station, campaign,
/// the pre-registration key, code stocks, script progress).
///
/// append() returns only after the entries are durable (the commit's fsync): a scan is
/// acknowledged on screen after that and never before. The file holds personal data (ID numbers and
/// names, needed to upload them) and is created with mode 0600.
///
/// Thread-safe: one connection guarded by one mutex; every call is one short transaction, so the
/// screen thread never waits more than one of the sync thread's updates.
class Journal {
 public:
  /// Opens or creates the journal at `path`. Throws std::runtime_error with SQLite's reason.
  explicit Journal(const std::string& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// Appends `entries` (seq assigned into them) and sets `meta` keys, in one durable transaction.
  void append(std::vector<JournalEntry>& entries, const std::map<std::string, std::string>& meta = {});

  /// Every entry in seq order (for replaying the station's state at start-up).
  std::vector<JournalEntry> all() const;

  /// Up to `limit` Queued entries in seq order.
  std::vector<JournalEntry> queued(std::size_t limit) const;

  /// The entry `seq`, if any.
  std::optional<JournalEntry> find(std::int64_t seq) const;

  /// Records the server's answers (state, serverId, httpStatus, error*, answeredAt of each entry,
  /// matched by seq) in one durable transaction.
  void recordAnswers(const std::vector<JournalEntry>& answered);

  std::optional<std::string> meta(const std::string& key) const;
  void setMeta(const std::map<std::string, std::string>& values);

  JournalCounts counts() const;

  const std::string& path() const { return _path; }

 private:
  void exec(const char* sql) const;
  void loadCounts();
  void countTransition(EntryState from, EntryState to);

  std::string _path;
  mutable std::mutex _mutex;  // guards _db and _counts
  sqlite3* _db = nullptr;
  JournalCounts _counts;
};

}  // namespace natlims::station
