#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>

namespace natlims::lims {

/// Keeps a file's pages in memory by mapping it read-only and touching every page: at start
/// (so the first dashboard and lookups after a restart do not wait for the disk) and again
/// every `period` (for pages the file gained since).
///
/// Why: the store's reads go through the OS page cache, and some hosts reclaim cached pages
/// that no process maps once they have been idle for a minute (this machine's kernel runs a
/// DAMON "pageout" scheme that does exactly that, see docs/design.md). Mapped pages are left
/// alone, so a mapping is what holds the indexes of a ten-million-person campaign in memory.
/// It is the OS cache, shared with SQLite's reads, not a second copy; under real memory
/// pressure the kernel may still evict it.
class FileWarmer {
 public:
  struct Stats {
    std::size_t mappedBytes = 0;
    double firstPassSeconds = -1;  // -1 until the first pass is done
  };

  /// Maps at most `maxBytes` of `path`; starts the background thread.
  FileWarmer(std::string path, std::size_t maxBytes, int periodSeconds = 20);
  ~FileWarmer();
  FileWarmer(const FileWarmer&) = delete;
  FileWarmer& operator=(const FileWarmer&) = delete;

  Stats stats() const;
  /// Blocks until the first pass over the file is done (tests and benchmarks).
  void waitForFirstPass();

 private:
  void run();
  void remapTo(std::size_t size);
  void touchAll();

  const std::string _path;
  const std::size_t _maxBytes;
  const int _periodSeconds;
  int _fd = -1;
  void* _map = nullptr;
  std::size_t _mapped = 0;
  mutable std::mutex _mutex;
  std::condition_variable _wake;
  bool _stopping = false;
  bool _firstPassDone = false;
  double _firstPassSeconds = -1;
  std::atomic<std::size_t> _mappedBytes{0};
  std::thread _thread;
};

}  // namespace natlims::lims
