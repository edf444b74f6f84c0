#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace natlims::planner {

/// An instant with the UTC offset it is shown in.
struct OffsetTime {
  double unixSeconds = 0;
  int offsetMinutes = 0;
};

/// RFC 3339 date-times as the planner reads and writes them.
class TimeFormat {
 public:
  /// Parses "2026-12-01T06:00:00+08:00" (also "Z", a space for "T", fractions of a second).
  /// A time without an offset is refused: its wall-clock hours would be ambiguous.
  static std::optional<OffsetTime> parse(std::string_view text);
  /// Formats to whole seconds at the offset: "2026-12-03T04:30:00+08:00".
  static std::string format(double unixSeconds, int offsetMinutes);
  /// `minutes` after `start`, formatted at start's offset.
  static std::string after(const OffsetTime& start, double minutes);
};

}  // namespace natlims::planner
