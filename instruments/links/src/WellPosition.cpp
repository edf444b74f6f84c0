#include "natlims/links/WellPosition.h"

#include "Text.h"

namespace natlims::links {

std::optional<std::string> normalizeWell(std::string_view raw) {
  const auto s = text::trim(raw);
  if (s.size() < 2 || s.size() > 4) return std::nullopt;
  char row = s[0];
  if (row >= 'a' && row <= 'z') row = static_cast<char>(row - 'a' + 'A');
  if (row < 'A' || row > 'P') return std::nullopt;
  auto digits = text::trim(s.substr(1));
  if (digits.empty() || digits.size() > 2) return std::nullopt;
  int column = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    column = column * 10 + (c - '0');
  }
  if (column < 1 || column > 24) return std::nullopt;
  return std::string(1, row) + std::to_string(column);
}

}  // namespace natlims::links
