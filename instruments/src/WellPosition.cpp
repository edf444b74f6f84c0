#include "natlims/instruments/WellPosition.h"

#include <charconv>

namespace natlims::instruments {

std::optional<PlateFormat> plateFormatForWells(int wells) {
  if (wells == 96) return PlateFormat{8, 12};
  if (wells == 384) return PlateFormat{16, 24};
  return std::nullopt;
}

std::optional<WellPosition> parseWellLabel(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() < 2 || text.size() > 4) return std::nullopt;
  char letter = text.front();
  if (letter >= 'a' && letter <= 'z') letter = static_cast<char>(letter - 'a' + 'A');
  // 384-well plates end at row P; nothing larger is laid out here.
  if (letter < 'A' || letter > 'P') return std::nullopt;
  const std::string_view digits = text.substr(1);
  int column = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), column);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  if (column < 1 || column > 24) return std::nullopt;
  return WellPosition{letter - 'A', column - 1};
}

std::string wellLabel(WellPosition p) {
  std::string out(1, static_cast<char>('A' + p.row));
  out += std::to_string(p.column + 1);
  return out;
}

std::string wellLabelPadded(WellPosition p) {
  std::string out(1, static_cast<char>('A' + p.row));
  if (p.column + 1 < 10) out += '0';
  out += std::to_string(p.column + 1);
  return out;
}

std::optional<WellPosition> wellFromIndex(long index, int base, PlateFormat format) {
  const long zeroBased = index - base;
  if (zeroBased < 0 || zeroBased >= format.wells()) return std::nullopt;
  return WellPosition{static_cast<int>(zeroBased / format.columns),
                      static_cast<int>(zeroBased % format.columns)};
}

long wellIndex(WellPosition p, int base, PlateFormat format) {
  return static_cast<long>(p.row) * format.columns + p.column + base;
}

}  // namespace natlims::instruments
