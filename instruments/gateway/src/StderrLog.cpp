#include "natlims/gateway/StderrLog.h"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace natlims::gateway {

links::LogSink stderrLog(bool verbose) {
  static std::mutex mutex;  // one stderr for the whole process
  return [verbose](links::LogLevel level, std::string_view message) {
    if (level == links::LogLevel::Debug && !verbose) return;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const std::string line = std::string(stamp) + " " + std::string(links::logLevelName(level)) + " " +
                             std::string(message) + "\n";
    std::lock_guard<std::mutex> lock(mutex);
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
  };
}

}  // namespace natlims::gateway
