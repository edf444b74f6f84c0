#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace natlims::domain {

/// A grid-unit path "District/Street/Community/Building": 1 to 6 levels separated by '/', each level
/// 1..64 bytes of UTF-8 without control characters or '/'; blanks around levels are trimmed.
struct GridPathCheck {
  bool ok = false;
  std::string normalized;           // levels joined by '/', trimmed
  std::vector<std::string> levels;  // the levels in order
  std::string error;
};

inline constexpr std::size_t kMaxGridLevels = 6;

GridPathCheck validateGridPath(std::string_view path);

/// True when `path` equals `prefix` or lies below it ("D1/S1" is under "D1" but not under "D").
bool gridPathUnder(std::string_view path, std::string_view prefix);

}  // namespace natlims::domain
