#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "natlims/gateway/FileUploader.h"
#include "natlims/gateway/WatchState.h"
#include "natlims/links/LinkLog.h"

namespace natlims::gateway {

struct WatchOptions {
  /// Time between two looks at the folder. Default: 1 s.
  std::chrono::milliseconds pollInterval{1000};
  /// After a network error or a 5xx, uploads pause this long, doubling up to retryMax; any
  /// success resets it. Default: 2 s, up to 60 s.
  std::chrono::milliseconds retryInitial{2000};
  std::chrono::milliseconds retryMax{60000};
  /// An empty file that stays empty this long is refused. Default: 60 s.
  std::chrono::milliseconds emptyFileGrace{60000};
  /// A larger file is refused without reading it. Default: 64 MiB.
  std::uintmax_t maxFileBytes = 64ull * 1024 * 1024;
  /// The state file; default DIR/.instrument-gateway-state.
  std::filesystem::path stateFile;
};

/// What one look at the folder did.
struct WatchPass {
  int imported = 0;    // uploaded and answered 2xx, moved to done/
  int duplicates = 0;  // the same bytes were imported before: moved to done/ without uploading
  int refused = 0;     // moved to refused/ with a .reason.txt
  int waiting = 0;     // not complete yet (new or still changing)
  int deferred = 0;    // complete, left in place for a later retry (server unavailable)
};

/// Picks up the files instruments drop into an export folder (docs/links.md "watch").
///
/// A file is complete when two looks in a row see the same size and modification time (a file
/// renamed into place is complete at its second look); names starting with '.' and ending in .tmp,
/// .part, .partial, .crdownload or '~' are in progress and left alone, as are sub-folders. Each
/// complete file is uploaded as it is, oldest first; on 2xx it goes to DIR/done/, on a refusal to
/// DIR/refused/ beside NAME.reason.txt; on a network error or 5xx it stays and uploads pause
/// (backoff). A file whose bytes were imported before (WatchState) goes to done/ without an upload.
/// A name already taken in done/ or refused/ gets a "-2", "-3" ... suffix.
class FolderWatcher {
 public:
  /// Creates DIR/done and DIR/refused when missing. Throws std::runtime_error when DIR is not a
  /// folder or cannot be written.
  FolderWatcher(std::filesystem::path dir, FileUploader& uploader, WatchOptions options, links::LogSink log,
                std::function<std::chrono::steady_clock::time_point()> clock = std::chrono::steady_clock::now);

  /// Looks at the folder once and handles every complete file.
  WatchPass pollOnce();
  /// Polls until `waitOrStop(pollInterval)` returns true.
  void run(const std::function<bool(std::chrono::milliseconds)>& waitOrStop);

 private:
  struct Seen {
    std::uintmax_t size = 0;
    std::filesystem::file_time_type mtime;
    std::chrono::steady_clock::time_point emptySince;
  };

  void moveAside(const std::filesystem::path& file, const std::string& folder, const std::string& reason);
  static bool inProgressName(const std::string& name);

  std::filesystem::path _dir;
  FileUploader& _uploader;
  WatchOptions _options;
  links::LogSink _log;
  std::function<std::chrono::steady_clock::time_point()> _clock;
  WatchState _state;
  std::map<std::string, Seen> _seen;  // by file name, from the previous look
  std::chrono::steady_clock::time_point _retryAt{};
  std::chrono::milliseconds _backoff;
};

}  // namespace natlims::gateway
