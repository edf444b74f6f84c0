#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

namespace natlims::gateway {

/// The folder watcher's memory of what it imported: one line per handled file
/// ("sha256<TAB>done|refused<TAB>unix time<TAB>run id<TAB>file name"), appended and synced
/// before the file is moved aside, so that the same bytes are never imported twice, across
/// restarts too. Entries older than `retention` are dropped when the file is opened.
class WatchState {
 public:
  struct Entry {
    std::string outcome;  // "done" or "refused"
    std::int64_t time = 0;
    std::string runId;
    std::string fileName;
  };

  /// Opens (creating when absent) the state file. Throws std::runtime_error when it cannot be
  /// read or written.
  WatchState(std::filesystem::path file, std::chrono::hours retention = std::chrono::hours(24 * 90));
  ~WatchState();
  WatchState(const WatchState&) = delete;
  WatchState& operator=(const WatchState&) = delete;

  /// The last entry for `sha256`, if any.
  std::optional<Entry> find(const std::string& sha256) const;
  /// Records an outcome durably (write + fsync). Throws std::runtime_error on a write failure.
  void record(const std::string& sha256, const Entry& entry);

  std::size_t size() const { return _entries.size(); }

 private:
  std::filesystem::path _file;
  std::unordered_map<std::string, Entry> _entries;
  int _fd = -1;  // the state file, open for appending
};

}  // namespace natlims::gateway
