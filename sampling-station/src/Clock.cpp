#include "natlims/station/Clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace natlims::station {

std::int64_t systemMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Clock scaledClock(double speed, std::int64_t start) {
  const auto steadyStart = std::chrono::steady_clock::now();
  return [start, steadyStart, speed] {
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - steadyStart);
    return start + static_cast<std::int64_t>(elapsed.count() * speed);
  };
}

std::string formatRfc3339Utc(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::string formatLocalTime(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

}  // namespace natlims::station
