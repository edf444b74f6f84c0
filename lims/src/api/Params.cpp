#include "api/Params.h"

#include <cstdio>

#include "natlims/lims/ApiError.h"

namespace natlims::lims {

std::int64_t idParam(const std::string& text, const char* code, const char* what) {
  try {
    std::size_t used = 0;
    const auto v = std::stoll(text, &used);
    if (used == text.size() && v > 0) return v;
  } catch (...) {
  }
  throw ApiError::notFound(code, std::string("no ") + what + " with this id");
}

std::string codeParam(const std::string& text, domain::CodeKind kind, const std::string& field) {
  const auto check = domain::validateCode(text, kind);
  if (!check.ok) throw ApiError::invalid(field, field + " " + check.error);
  return check.code;
}

std::optional<std::chrono::year_month_day> parseLocalDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const std::chrono::year_month_day d{std::chrono::year{std::stoi(text.substr(0, 4))},
                                      std::chrono::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                      std::chrono::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  return d.ok() ? std::optional(d) : std::nullopt;
}

std::string formatLocalDate(std::chrono::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

std::chrono::year_month_day localDate(std::int64_t atMillis, int offsetMinutes) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(atMillis + offsetMinutes * 60'000LL)))};
}

}  // namespace natlims::lims
