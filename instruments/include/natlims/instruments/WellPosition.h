#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace natlims::instruments {

/// A well on a plate, 0-based: A1 is {0, 0}, H12 is {7, 11}, P24 is {15, 23}.
struct WellPosition {
  int row = 0;
  int column = 0;
  auto operator<=>(const WellPosition&) const = default;
};

/// Plate geometry: 96 wells are 8 rows x 12 columns, 384 wells are 16 x 24.
struct PlateFormat {
  int rows = 8;
  int columns = 12;
  int wells() const { return rows * columns; }
  bool contains(WellPosition p) const {
    return p.row >= 0 && p.column >= 0 && p.row < rows && p.column < columns;
  }
  auto operator<=>(const PlateFormat&) const = default;
};

/// The format with that many wells (96 or 384); nullopt for any other count.
std::optional<PlateFormat> plateFormatForWells(int wells);

/// Reads "A1", "a1", "A01", " B12 " (row letters A..P, columns 1..24, zero padding allowed).
/// Nullopt when the text is not a well label.
std::optional<WellPosition> parseWellLabel(std::string_view text);

/// "A1" (no padding), as ABI, LightCycler and the natlims JSON format write it.
std::string wellLabel(WellPosition p);

/// "A01" (zero-padded column), as Bio-Rad CFX writes it.
std::string wellLabelPadded(WellPosition p);

/// The well at a row-major index (A1, A2, ... A12, B1 ...) counted from `base` (0 or 1);
/// nullopt when the index lies outside a plate with `columns` columns and `rows` rows.
std::optional<WellPosition> wellFromIndex(long index, int base, PlateFormat format);

/// The row-major index of a well, counted from `base`.
long wellIndex(WellPosition p, int base, PlateFormat format);

}  // namespace natlims::instruments
