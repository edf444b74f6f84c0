#include "readers/ReaderSupport.h"

#include <cmath>

#include "readers/FormatError.h"

namespace natlims::instruments::detail {

std::string where(const Table& table, int line) {
  if (!table.sheet.empty()) return "sheet '" + table.sheet + "' row " + std::to_string(line);
  return "line " + std::to_string(line);
}

void fail(ReadErrorKind kind, const Table& table, int line, const std::string& message) {
  throw FormatError(kind, where(table, line) + ": " + message);
}

int findHeaderRow(const Table& table, const std::function<bool(const HeaderIndex&)>& isHeader,
                  std::size_t maxRows) {
  const std::size_t n = std::min(maxRows, table.rows.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (table.rows[i].cells.size() < 2) continue;
    if (isHeader(HeaderIndex(table.rows[i]))) return static_cast<int>(i);
  }
  return -1;
}

std::optional<PlateFormat> plateFromBlockType(std::string_view text) {
  const std::string t = lowerAscii(text);
  if (t.find("384") != std::string::npos) return PlateFormat{16, 24};
  if (t.find("96") != std::string::npos) return PlateFormat{8, 12};
  return std::nullopt;
}

std::optional<WellPosition> parseWellCell(std::string_view text, int numberBase,
                                          std::optional<PlateFormat> format) {
  const std::string t = trim(text);
  if (t.empty()) return std::nullopt;
  if (auto label = parseWellLabel(t)) return label;
  const auto number = parseNumber(t);
  if (!number || *number != std::floor(*number)) return std::nullopt;
  const PlateFormat geometry = format.value_or(PlateFormat{8, 12});
  return wellFromIndex(static_cast<long>(*number), numberBase, geometry);
}

void inferPlate(RunData& run) {
  if (run.plate) return;
  if (run.wells.empty()) return;
  bool large = false;
  for (const auto& w : run.wells) {
    if (w.positionKnown && (w.position.row >= 8 || w.position.column >= 12)) large = true;
  }
  run.plate = large ? PlateFormat{16, 24} : PlateFormat{8, 12};
}

bool isNoCtWord(std::string_view text) {
  const std::string t = lowerAscii(trim(text));
  return t == "undetermined" || t == "nan" || t == "n/a" || t == "no ct" || t == "noct" ||
         t == "no cq" || t == "na";
}

void requireWells(const RunData& run, const Table& table, const char* what) {
  if (!run.wells.empty()) return;
  throw FormatError(ReadErrorKind::NoResults,
                    std::string(what) + " has a header but no result rows" +
                        (table.sheet.empty() ? "" : " (sheet '" + table.sheet + "')"));
}

}  // namespace natlims::instruments::detail
