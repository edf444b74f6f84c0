#include "natlims/gateway/WatchState.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace natlims::gateway {

namespace {

std::string line(const std::string& sha256, const WatchState::Entry& e) {
  auto clean = [](std::string s) {
    for (char& c : s) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return s;
  };
  return sha256 + "\t" + e.outcome + "\t" + std::to_string(e.time) + "\t" + clean(e.runId) + "\t" +
         clean(e.fileName) + "\n";
}

void writeAll(int fd, const std::string& data, const std::filesystem::path& file) {
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write the watch state " + file.string() + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

WatchState::WatchState(std::filesystem::path file, std::chrono::hours retention) : _file(std::move(file)) {
  const auto oldest = static_cast<std::int64_t>(std::time(nullptr)) -
                      std::chrono::duration_cast<std::chrono::seconds>(retention).count();
  std::vector<std::pair<std::string, Entry>> kept;
  bool dropped = false;
  {
    std::ifstream in(_file);
    std::string text;
    while (std::getline(in, text)) {
      std::istringstream fields(text);
      std::string sha, outcome, time, runId, name;
      if (!std::getline(fields, sha, '\t') || !std::getline(fields, outcome, '\t') || !std::getline(fields, time, '\t')) {
        dropped = true;  // a torn last line (power cut while appending): the file was not moved yet
        continue;
      }
      std::getline(fields, runId, '\t');
      std::getline(fields, name);
      Entry e{outcome, 0, runId, name};
      try {
        e.time = std::stoll(time);
      } catch (const std::exception&) {
        dropped = true;
        continue;
      }
      if (e.time < oldest) {
        dropped = true;
        continue;
      }
      kept.emplace_back(sha, e);
      _entries[sha] = e;
    }
  }
  if (dropped) {  // rewrite without the old entries, atomically
    const auto temp = _file.string() + ".new";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot write the watch state " + temp + ": " + std::strerror(errno));
    std::string all;
    for (const auto& [sha, e] : kept) all += line(sha, e);
    writeAll(fd, all, temp);
    ::fsync(fd);
    ::close(fd);
    std::filesystem::rename(temp, _file);
  }
  _fd = ::open(_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (_fd < 0) throw std::runtime_error("cannot open the watch state " + _file.string() + ": " + std::strerror(errno));
}

WatchState::~WatchState() {
  if (_fd >= 0) ::close(_fd);
}

std::optional<WatchState::Entry> WatchState::find(const std::string& sha256) const {
  const auto it = _entries.find(sha256);
  if (it == _entries.end()) return std::nullopt;
  return it->second;
}

void WatchState::record(const std::string& sha256, const Entry& entry) {
  writeAll(_fd, line(sha256, entry), _file);
  if (::fdatasync(_fd) != 0) {
    throw std::runtime_error("cannot sync the watch state " + _file.string() + ": " + std::strerror(errno));
  }
  _entries[sha256] = entry;
}

}  // namespace natlims::gateway
