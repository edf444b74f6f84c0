#include "http/AccessLog.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <vector>

namespace natlims::lims {

namespace {

constexpr std::size_t kMaxPending = 64u << 20;

int openAppend(const std::string& path, std::size_t& size) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  struct stat st {};
  size = fd >= 0 && fstat(fd, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
  return fd;
}

// "2026-11-24T01:04:35.123" in UTC.
void formatNow(char (&out)[64]) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
}

}  // namespace

AccessLog::AccessLog(std::string path, std::size_t rotateBytes, int keep)
    : _path(std::move(path)), _rotateBytes(rotateBytes), _keep(keep) {
  _fd = openAppend(_path, _size);
  _thread = std::thread([this] { run(); });
}

AccessLog::~AccessLog() {
  {
    std::lock_guard lock(_mutex);
    _stopping = true;
  }
  _wake.notify_all();
  _thread.join();
  if (_fd >= 0) ::close(_fd);
}

void AccessLog::write(std::string_view line) {
  char stamp[64];
  formatNow(stamp);
  std::lock_guard lock(_mutex);
  if (_pending.size() + line.size() > kMaxPending) {
    ++_dropped;
    return;
  }
  _pending.append(stamp).append(" ").append(line).append("\n");
}

void AccessLog::run() {
  std::string batch;
  for (;;) {
    bool stopping = false;
    std::size_t dropped = 0;
    {
      std::unique_lock lock(_mutex);
      stopping = _wake.wait_for(lock, std::chrono::milliseconds(100), [this] { return _stopping; });
      batch.swap(_pending);
      std::swap(dropped, _dropped);
    }
    if (dropped) {
      char stamp[64];
      formatNow(stamp);
      batch += std::string(stamp) + " access log: " + std::to_string(dropped) + " lines dropped (the disk fell behind)\n";
    }
    if (!batch.empty()) writeOut(batch);
    batch.clear();
    if (stopping) return;
  }
}

void AccessLog::writeOut(const std::string& text) {
  if (_fd < 0) _fd = openAppend(_path, _size);
  if (_fd < 0) return;  // nowhere to write; requests go on regardless
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(_fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  _size += done;
  if (_size >= _rotateBytes) rotate();
}

void AccessLog::rotate() {
  namespace fs = std::filesystem;
  char stamp[64];
  formatNow(stamp);
  std::string suffix;
  for (const char* c = stamp; *c; ++c)
    if (*c >= '0' && *c <= '9') suffix += *c;
  ::close(_fd);
  std::error_code ec;
  fs::rename(_path, _path + "." + suffix, ec);
  _fd = openAppend(_path, _size);
  // Keep the newest `_keep` archives (their names sort by time).
  const fs::path log(_path);
  std::vector<fs::path> archives;
  for (const auto& e : fs::directory_iterator(log.parent_path().empty() ? fs::path(".") : log.parent_path(), ec))
    if (e.path().filename().string().rfind(log.filename().string() + ".", 0) == 0) archives.push_back(e.path());
  std::sort(archives.begin(), archives.end());
  for (std::size_t i = 0; i + static_cast<std::size_t>(_keep) < archives.size(); ++i) fs::remove(archives[i], ec);
}

}  // namespace natlims::lims
