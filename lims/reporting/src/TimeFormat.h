#pragma once

#include <chrono>
#include <string>

#include "natlims/reporting/Millis.h"

namespace natlims::reporting::detail {

/// The local calendar date of an instant at an offset from UTC (minutes).
std::chrono::year_month_day localDate(Millis at, int utcOffsetMinutes);

/// "2026-12-01T06:00:00+08:00" (seconds precision).
std::string rfc3339(Millis at, int utcOffsetMinutes);

/// HL7 DTM to the second with offset: "20261201060000+0800".
std::string hl7Time(Millis at, int utcOffsetMinutes);

/// "2026-12-01".
std::string isoDate(std::chrono::year_month_day date);

/// "20261201" (HL7 DT).
std::string hl7Date(std::chrono::year_month_day date);

/// "06:00" local, for the daily report's lists.
std::string localClock(Millis at, int utcOffsetMinutes);

}  // namespace natlims::reporting::detail
