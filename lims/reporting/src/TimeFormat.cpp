#include "TimeFormat.h"

#include <cstdio>
#include <cstdlib>

namespace natlims::reporting::detail {

namespace {

using namespace std::chrono;

struct LocalParts {
  year_month_day date;
  hh_mm_ss<seconds> clock{seconds{0}};
};

// Floors toward minus infinity so that instants before 1970 still fall on the right date.
LocalParts split(Millis at, int utcOffsetMinutes) {
  const sys_seconds utc{floor<seconds>(milliseconds{at})};
  const sys_seconds local = utc + minutes{utcOffsetMinutes};
  const sys_days day = floor<days>(local);
  return {year_month_day{day}, hh_mm_ss<seconds>{local - day}};
}

std::string offsetText(int utcOffsetMinutes, bool withColon) {
  const char sign = utcOffsetMinutes < 0 ? '-' : '+';
  const int m = std::abs(utcOffsetMinutes);
  char buf[32];
  std::snprintf(buf, sizeof buf, withColon ? "%c%02d:%02d" : "%c%02d%02d", sign, m / 60, m % 60);
  return buf;
}

}  // namespace

year_month_day localDate(Millis at, int utcOffsetMinutes) { return split(at, utcOffsetMinutes).date; }

std::string rfc3339(Millis at, int utcOffsetMinutes) {
  const LocalParts p = split(at, utcOffsetMinutes);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld", static_cast<int>(p.date.year()),
                static_cast<unsigned>(p.date.month()), static_cast<unsigned>(p.date.day()),
                static_cast<long>(p.clock.hours().count()), static_cast<long>(p.clock.minutes().count()),
                static_cast<long>(p.clock.seconds().count()));
  return buf + offsetText(utcOffsetMinutes, true);
}

std::string hl7Time(Millis at, int utcOffsetMinutes) {
  const LocalParts p = split(at, utcOffsetMinutes);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u%02ld%02ld%02ld", static_cast<int>(p.date.year()),
                static_cast<unsigned>(p.date.month()), static_cast<unsigned>(p.date.day()),
                static_cast<long>(p.clock.hours().count()), static_cast<long>(p.clock.minutes().count()),
                static_cast<long>(p.clock.seconds().count()));
  return buf + offsetText(utcOffsetMinutes, false);
}

std::string isoDate(year_month_day date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::string hl7Date(year_month_day date) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf;
}

std::string localClock(Millis at, int utcOffsetMinutes) {
  const LocalParts p = split(at, utcOffsetMinutes);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld", static_cast<long>(p.clock.hours().count()),
                static_cast<long>(p.clock.minutes().count()));
  return buf;
}

}  // namespace natlims::reporting::detail
