#include "natlims/gateway/FolderWatcher.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace natlims::gateway {

namespace fs = std::filesystem;
using links::LogLevel;
using links::StoreOutcome;

namespace {

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string sha256(const std::string& bytes) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return Poco::DigestEngine::digestToHex(sha.digest());
}

// Reads the whole file; std::nullopt when it cannot be read or its size is not `expected` any more.
std::optional<std::string> readFile(const fs::path& file, std::uintmax_t expected) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(expected), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(expected));
  if (static_cast<std::uintmax_t>(in.gcount()) != expected) return std::nullopt;
  if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;  // it grew meanwhile
  return bytes;
}

fs::path freeName(const fs::path& folder, const std::string& name) {
  fs::path target = folder / name;
  if (!fs::exists(target)) return target;
  const fs::path original(name);
  const std::string stem = original.stem().string();
  const std::string ext = original.extension().string();
  for (int n = 2;; ++n) {
    target = folder / (stem + "-" + std::to_string(n) + ext);
    if (!fs::exists(target)) return target;
  }
}

}  // namespace

FolderWatcher::FolderWatcher(fs::path dir, FileUploader& uploader, WatchOptions options, links::LogSink log,
                             std::function<std::chrono::steady_clock::time_point()> clock)
    : _dir(std::move(dir)),
      _uploader(uploader),
      _options(std::move(options)),
      _log(log ? std::move(log) : links::nullLog()),
      _clock(std::move(clock)),
      _state([&] {
        if (!fs::is_directory(_dir)) throw std::runtime_error("watch: '" + _dir.string() + "' is not a folder");
        std::error_code ec;
        fs::create_directories(_dir / "done", ec);
        if (!ec) fs::create_directories(_dir / "refused", ec);
        if (ec) throw std::runtime_error("watch: cannot create done/ and refused/ in " + _dir.string() + ": " + ec.message());
        return _options.stateFile.empty() ? _dir / ".instrument-gateway-state" : _options.stateFile;
      }()),
      _backoff(_options.retryInitial) {}

bool FolderWatcher::inProgressName(const std::string& name) {
  if (name.empty() || name[0] == '.' || name.back() == '~') return true;
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* suffix : {".tmp", ".part", ".partial", ".crdownload"}) {
    if (endsWith(lower, suffix)) return true;
  }
  return false;
}

WatchPass FolderWatcher::pollOnce() {
  WatchPass pass;
  const auto now = _clock();

  struct Candidate {
    std::string name;
    fs::path path;
    std::uintmax_t size;
    fs::file_time_type mtime;
  };
  std::vector<Candidate> complete;
  std::map<std::string, Seen> seen;
  std::error_code ec;
  for (fs::directory_iterator it(_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code statError;
    if (!it->is_regular_file(statError)) continue;
    const std::string name = it->path().filename().string();
    if (inProgressName(name)) continue;
    const auto size = it->file_size(statError);
    const auto mtime = it->last_write_time(statError);
    if (statError) continue;  // vanished meanwhile
    Seen now_seen{size, mtime, now};
    const auto before = _seen.find(name);
    if (before != _seen.end() && before->second.size == size && before->second.mtime == mtime) {
      now_seen.emptySince = before->second.emptySince;
      complete.push_back({name, it->path(), size, mtime});
    } else {
      ++pass.waiting;
    }
    seen.emplace(name, now_seen);
  }
  if (ec) _log(LogLevel::Error, "watch: cannot list " + _dir.string() + ": " + ec.message());

  std::sort(complete.begin(), complete.end(), [](const Candidate& a, const Candidate& b) {
    return a.mtime != b.mtime ? a.mtime < b.mtime : a.name < b.name;
  });

  bool paused = now < _retryAt;
  for (const auto& file : complete) {
    if (paused) {
      ++pass.deferred;
      continue;
    }
    if (file.size == 0) {
      if (now - seen[file.name].emptySince < _options.emptyFileGrace) {
        ++pass.waiting;
        continue;
      }
      moveAside(file.path, "refused", "the file stayed empty");
      seen.erase(file.name);
      ++pass.refused;
      continue;
    }
    if (file.size > _options.maxFileBytes) {
      moveAside(file.path, "refused",
                "the file is larger than " + std::to_string(_options.maxFileBytes) + " bytes (" +
                    std::to_string(file.size) + "): not read");
      seen.erase(file.name);
      ++pass.refused;
      continue;
    }
    const auto bytes = readFile(file.path, file.size);
    if (!bytes) {  // changed or vanished between the look and the read: look again next time
      seen.erase(file.name);
      ++pass.waiting;
      continue;
    }
    const std::string hash = sha256(*bytes);
    if (const auto before = _state.find(hash); before && before->outcome == "done") {
      _log(LogLevel::Info, "watch: " + file.name + " has the same bytes as " + before->fileName +
                               ", imported before as run " + before->runId + ": moved to done/ without importing again");
      moveAside(file.path, "done", {});
      seen.erase(file.name);
      ++pass.duplicates;
      continue;
    }
    const auto outcome = _uploader.upload(*bytes, file.name);
    const auto when = static_cast<std::int64_t>(std::time(nullptr));
    switch (outcome.kind) {
      case StoreOutcome::Kind::Stored:
        _state.record(hash, {"done", when, outcome.runId, file.name});
        moveAside(file.path, "done", {});
        _log(LogLevel::Info, "watch: " + file.name + " imported as run " + outcome.runId + " (HTTP " +
                                 std::to_string(outcome.httpStatus) + ")");
        ++pass.imported;
        _backoff = _options.retryInitial;
        break;
      case StoreOutcome::Kind::Refused:
        _state.record(hash, {"refused", when, {}, file.name});
        moveAside(file.path, "refused", "HTTP " + std::to_string(outcome.httpStatus) + ": " + outcome.reason);
        ++pass.refused;
        break;
      case StoreOutcome::Kind::Unavailable:
        _retryAt = now + _backoff;
        _log(LogLevel::Warning, "watch: " + file.name + " not imported yet: " + outcome.reason + "; retrying in " +
                                    std::to_string(_backoff.count()) + " ms");
        _backoff = std::min(_backoff * 2, _options.retryMax);
        if (_backoff.count() == 0) _backoff = _options.retryInitial;
        ++pass.deferred;
        paused = true;
        continue;  // stays in place, and stays "seen": complete at the next look
    }
    seen.erase(file.name);
  }
  _seen = std::move(seen);
  return pass;
}

void FolderWatcher::moveAside(const fs::path& file, const std::string& folder, const std::string& reason) {
  const fs::path target = freeName(_dir / folder, file.filename().string());
  std::error_code ec;
  fs::rename(file, target, ec);
  if (ec) {
    _log(LogLevel::Error, "watch: cannot move " + file.string() + " to " + target.string() + ": " + ec.message());
    return;
  }
  if (!reason.empty()) {
    std::ofstream out(target.string() + ".reason.txt");
    out << reason << "\n";
    _log(LogLevel::Error, "watch: " + file.filename().string() + " REFUSED, moved to " + folder + "/" +
                              target.filename().string() + ": " + reason);
  }
}

void FolderWatcher::run(const std::function<bool(std::chrono::milliseconds)>& waitOrStop) {
  _log(LogLevel::Info, "watch: watching " + _dir.string() + " every " + std::to_string(_options.pollInterval.count()) + " ms");
  for (;;) {
    try {
      pollOnce();
    } catch (const std::exception& e) {
      _log(LogLevel::Error, std::string("watch: ") + e.what());
    }
    if (waitOrStop(_options.pollInterval)) return;
  }
}

}  // namespace natlims::gateway
