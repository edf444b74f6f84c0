#include "TextFormat.h"

#include <cmath>
#include <cstdio>

namespace natlims::planner {

std::string hoursText(double minutes) {
  const double tenths = std::round(minutes / 6.0);  // hours * 10
  char buf[32];
  if (std::fmod(std::fabs(tenths), 10.0) == 0) std::snprintf(buf, sizeof buf, "%.0f", tenths / 10.0);
  else std::snprintf(buf, sizeof buf, "%.1f", tenths / 10.0);
  return buf;
}

std::string minutesText(double minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", std::round(minutes));
  return buf;
}

std::string countText(double count) {
  const auto n = static_cast<long long>(std::llround(count));
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace natlims::planner
