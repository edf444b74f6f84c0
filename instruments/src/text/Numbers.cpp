#include "text/Numbers.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "text/Table.h"

namespace natlims::instruments::detail {

namespace {

// "1,234,567.89": groups of exactly three digits after the first comma, before any '.'.
bool validThousands(std::string_view s) {
  const std::size_t dot = s.find('.');
  std::string_view intPart = s.substr(0, dot);
  if (!intPart.empty() && (intPart.front() == '-' || intPart.front() == '+')) intPart.remove_prefix(1);
  const std::size_t first = intPart.find(',');
  if (first == 0 || first > 3) return false;
  std::size_t pos = first;
  while (pos != std::string_view::npos) {
    const std::size_t next = intPart.find(',', pos + 1);
    const std::size_t groupEnd = next == std::string_view::npos ? intPart.size() : next;
    if (groupEnd - pos - 1 != 3) return false;
    pos = next;
  }
  return true;
}

}  // namespace

std::optional<double> parseNumber(std::string_view text, NumberStyle style) {
  std::string s = trim(text);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.erase(0, 1);
  const char first = s.empty() ? '\0' : s.front();
  if (!((first >= '0' && first <= '9') || first == '-' || first == '.' || first == ',')) {
    return std::nullopt;
  }
  const std::size_t commas = static_cast<std::size_t>(std::count(s.begin(), s.end(), ','));
  if (commas > 0) {
    const bool hasDot = s.find('.') != std::string::npos;
    if (style.thousandsComma && validThousands(s)) {
      std::erase(s, ',');
    } else if (style.decimal != '.' && commas == 1 && !hasDot) {
      s[s.find(',')] = '.';
    } else {
      return std::nullopt;
    }
  } else if (style.decimal == ',' && s.find('.') != std::string::npos) {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace natlims::instruments::detail
