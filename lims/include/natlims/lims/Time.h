#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace natlims::lims {

/// Milliseconds since the Unix epoch (UTC): how the store keeps every instant.
using Millis = std::int64_t;

Millis nowMillis();

/// Parses an RFC 3339 / ISO 8601 date-time with an offset ("2026-12-01T06:00:00+08:00", "...Z",
/// fractions allowed). A time without an offset is refused: it would be ambiguous.
std::optional<Millis> parseRfc3339(std::string_view text);

/// Formats an instant as RFC 3339 at the given offset from UTC in minutes ("+08:00"), seconds
/// precision.
std::string formatRfc3339(Millis at, int offsetMinutes);

/// Parses "+08:00" / "-05:30" / "Z" into minutes; nullopt when malformed.
std::optional<int> parseUtcOffset(std::string_view text);

}  // namespace natlims::lims
