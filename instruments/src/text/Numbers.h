#pragma once

#include <optional>
#include <string_view>

namespace natlims::instruments::detail {

struct NumberStyle {
  /// en-US thousands separators ("100,000,000.000"), as ABI text exports write them; a comma
  /// is accepted only between proper groups of three digits.
  bool thousandsComma = false;
  /// '.' or ','; 0 accepts either, a lone ',' then being the decimal mark ("22,78").
  char decimal = '.';
};

/// A finite decimal number ("31.2", "-1.0", "1.01E+05", "1.0"), or nullopt. Words such as
/// "NaN" or "inf" are never numbers here: each reader decides what they mean.
std::optional<double> parseNumber(std::string_view text, NumberStyle style = {});

}  // namespace natlims::instruments::detail
