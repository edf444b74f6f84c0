#include "natlims/lims/Time.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timestamp.h>

#include <chrono>

namespace natlims::lims {

Millis nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<int> parseUtcOffset(std::string_view t) {
  if (t == "Z" || t == "z") return 0;
  if (t.size() != 6 || (t[0] != '+' && t[0] != '-') || t[3] != ':') return std::nullopt;
  for (int i : {1, 2, 4, 5})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const int h = (t[1] - '0') * 10 + (t[2] - '0');
  const int m = (t[4] - '0') * 10 + (t[5] - '0');
  if (h > 14 || m > 59) return std::nullopt;
  return (t[0] == '-' ? -1 : 1) * (h * 60 + m);
}

std::optional<Millis> parseRfc3339(std::string_view text) {
  // Require the shape YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM) ourselves: Poco's parser is lenient
  // (it accepts a missing offset as UTC), and an ambiguous time is worse than a refusal.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
      text[13] != ':' || text[16] != ':')
    return std::nullopt;
  std::size_t zone = 19;
  if (zone < text.size() && text[zone] == '.') {
    ++zone;
    while (zone < text.size() && text[zone] >= '0' && text[zone] <= '9') ++zone;
  }
  if (!parseUtcOffset(text.substr(zone))) return std::nullopt;
  try {
    int tzd = 0;
    Poco::DateTime dt;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, std::string(text), dt, tzd))
      return std::nullopt;
    // Poco validates day-of-month ranges only loosely; check the fields we parsed ourselves.
    if (dt.month() < 1 || dt.month() > 12 || dt.day() > Poco::DateTime::daysOfMonth(dt.year(), dt.month()))
      return std::nullopt;
    dt.makeUTC(tzd);
    return dt.timestamp().epochMicroseconds() / 1000;
  } catch (...) {
    return std::nullopt;
  }
}

std::string formatRfc3339(Millis at, int offsetMinutes) {
  const Poco::Timestamp ts(static_cast<Poco::Timestamp::TimeVal>(at) * 1000);
  return Poco::DateTimeFormatter::format(ts + static_cast<Poco::Timestamp::TimeDiff>(offsetMinutes) * 60 * 1000000,
                                         "%Y-%m-%dT%H:%M:%S") +
         (offsetMinutes == 0 ? std::string("Z") : [&] {
           const int a = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
           char buf[24];
           std::snprintf(buf, sizeof buf, "%c%02d:%02d", offsetMinutes < 0 ? '-' : '+', a / 60, a % 60);
           return std::string(buf);
         }());
}

}  // namespace natlims::lims
