#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::instruments::detail {

struct TableRow {
  std::vector<std::string> cells;
  int line = 0;  // 1-based line (or spreadsheet row) where the row starts
};

/// Rows of cells from delimited text, a spreadsheet sheet or an HTML table.
struct Table {
  std::vector<TableRow> rows;
  std::string sheet;       // sheet name for spreadsheets
  bool lastRowComplete = true;  // false when the text ended without a final line break
};

/// Splits LF text into rows of cells. A field that starts with '"' is quoted ("" is a quote, and
/// the delimiter and line breaks are literal inside). Surrounding quotes are removed. Throws
/// FormatError(Truncated) when the text ends inside a quoted field.
Table parseDelimited(std::string_view text, char delimiter);

/// True when every cell is empty or blank.
bool isBlankRow(const TableRow& row);

/// The cell at `index`, or "" when the row is shorter.
const std::string& cellAt(const TableRow& row, int index);

/// Header text folded for comparison: Cyrillic look-alikes to Latin ("Cт" -> "ct"), ASCII
/// lower-cased, blanks (incl. NBSP and ideographic space) collapsed to one space and trimmed,
/// surrounding quotes and a leading BOM removed.
std::string normalizeHeader(std::string_view text);

/// `text` without leading and trailing blanks (space, tab, NBSP).
std::string trim(std::string_view text);

std::string lowerAscii(std::string_view text);

/// Normalized header names of a row, with a lookup that takes the FIRST column of a name
/// (exports repeat column names at the end).
class HeaderIndex {
 public:
  HeaderIndex() = default;
  explicit HeaderIndex(const TableRow& header);
  /// The first column whose name is the first of `names` present; -1 when none is.
  int find(std::initializer_list<std::string_view> names) const;
  int find(const std::vector<std::string>& names) const;
  const std::vector<std::string>& names() const { return _names; }

 private:
  std::vector<std::string> _names;
};

}  // namespace natlims::instruments::detail
