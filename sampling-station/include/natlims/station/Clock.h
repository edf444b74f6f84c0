#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace natlims::station {

/// Milliseconds since the Unix epoch (UTC). The station takes its clock as a function so that the
/// simulator can run a shift faster than real time.
using Clock = std::function<std::int64_t()>;

/// The system clock.
std::int64_t systemMillis();

/// A clock that reads `startMs` now and runs `speed` times faster than real time.
Clock scaledClock(double speed, std::int64_t startMs);

/// "2026-12-01T06:00:00.123Z".
std::string formatRfc3339Utc(std::int64_t ms);

/// "10:42:13" in local time.
std::string formatLocalTime(std::int64_t ms);

}  // namespace natlims::station
