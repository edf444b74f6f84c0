#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace natlims::lims {

/// The access log: one line per request, written by a background thread in batches.
///
/// A request only appends its line to a buffer under a mutex; the thread writes whatever has
/// gathered every 100 ms with one write() (a per-line write and a wake-up per line cost ~15 % of
/// a lookup's time under load). Files rotate at `rotateBytes` to access.log.<UTC timestamp>, and
/// only the newest `keep` of those stay. Lines are lost only if the process dies within 100 ms of
/// them, or if the disk falls behind by more than 64 MiB (counted, and said in the log).
class AccessLog {
 public:
  explicit AccessLog(std::string path, std::size_t rotateBytes = 100u << 20, int keep = 10);
  ~AccessLog();  // writes what is pending
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  /// Appends "<UTC time with ms> <line>\n".
  void write(std::string_view line);

 private:
  void run();
  void writeOut(const std::string& text);
  void rotate();

  const std::string _path;
  const std::size_t _rotateBytes;
  const int _keep;
  std::mutex _mutex;
  std::condition_variable _wake;
  std::string _pending;        // guarded by _mutex
  std::size_t _dropped = 0;    // guarded by _mutex
  bool _stopping = false;      // guarded by _mutex
  int _fd = -1;                // used by the writer thread only (and the destructor after it)
  std::size_t _size = 0;
  std::thread _thread;
};

}  // namespace natlims::lims
