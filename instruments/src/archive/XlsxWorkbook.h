#pragma once

#include <string>
#include <vector>

#include "archive/ZipArchive.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

/// The sheets of an Office Open XML workbook (.xlsx) as tables of cell texts. Numbers keep the
/// text Excel stored ("17.97", "1.0"); booleans become "TRUE"/"FALSE". Member names are matched
/// case-insensitively with '\' read as '/', as Bio-Rad CFX writes them.
class XlsxWorkbook {
 public:
  struct Sheet {
    std::string name;
    std::string member;  // normalized member name of its XML part
  };

  /// Throws FormatError(Malformed) when the workbook part or its relations are missing.
  explicit XlsxWorkbook(const ZipArchive& zip);

  const std::vector<Sheet>& sheets() const { return _sheets; }
  /// The sheet as rows; missing rows appear as blank rows so that a blank line still ends a
  /// table (a gap of more than 1000 rows is shortened to one blank row).
  Table read(const Sheet& sheet) const;

 private:
  const ZipArchive& _zip;
  std::vector<Sheet> _sheets;
  std::vector<std::string> _sharedStrings;
};

}  // namespace natlims::instruments::detail
