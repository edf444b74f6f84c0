#include <algorithm>

#include "readers/AbiReader.h"
#include "readers/FormatError.h"
#include "readers/ReaderSupport.h"
#include "readers/TableReaders.h"

namespace natlims::instruments::detail {

std::optional<RunData> readMappedTable(const Table& table, const TableMapping& mapping, char delimiter) {
  const int h = findHeaderRow(table, [&](const HeaderIndex& hi) {
    return hi.find(mapping.well) >= 0 && hi.find(mapping.ct) >= 0;
  }, 60);
  if (h < 0) return std::nullopt;
  const HeaderIndex header(table.rows[static_cast<std::size_t>(h)]);
  const int wellCol = header.find(mapping.well);
  const int ctCol = header.find(mapping.ct);
  const int sampleCol = header.find(mapping.sample);
  const int targetCol = header.find(mapping.target);
  const int dyeCol = header.find(mapping.dye);
  std::vector<std::string> noCt;
  for (const auto& t : mapping.noCt) noCt.push_back(lowerAscii(trim(t)));
  char decimal = mapping.decimalMark;
  if (decimal == 0 && delimiter == ',') decimal = '.';  // a comma cannot be both
  const NumberStyle style{false, decimal};
  RunData run;
  run.format = "table:" + mapping.name;
  run.instrument = mapping.instrument;
  for (int i = 0; i < h; ++i) {
    const auto& row = table.rows[static_cast<std::size_t>(i)];
    if (!trim(cellAt(row, 0)).empty()) run.metadata.emplace_back(trim(cellAt(row, 0)), trim(cellAt(row, 1)));
  }
  const bool spreadsheet = !table.sheet.empty();
  for (std::size_t i = static_cast<std::size_t>(h) + 1; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (isBlankRow(row)) break;
    if (!spreadsheet && static_cast<int>(row.cells.size()) <= std::max(wellCol, ctCol)) {
      const bool last = i + 1 == table.rows.size();
      fail(last && !table.lastRowComplete ? ReadErrorKind::Truncated : ReadErrorKind::Malformed, table, row.line,
           "the row ends before the Ct column" +
               std::string(last && !table.lastRowComplete ? " (the file looks cut short)" : ""));
    }
    WellReading r;
    r.well = trim(cellAt(row, wellCol));
    const auto p = parseWellCell(r.well, mapping.wellNumberBase, std::nullopt);
    if (!p) fail(ReadErrorKind::Malformed, table, row.line, "well '" + r.well + "' is not a well");
    r.position = *p;
    r.sample = trim(cellAt(row, sampleCol));
    r.target = trim(cellAt(row, targetCol));
    r.dye = trim(cellAt(row, dyeCol));
    r.line = row.line;
    const std::string raw = trim(cellAt(row, ctCol));
    const std::string lower = lowerAscii(raw);
    if (raw.empty()) {
      r.ct = mapping.emptyCtIsUndetermined ? CtValue::undetermined(raw) : CtValue::missing(raw);
    } else if (std::find(noCt.begin(), noCt.end(), lower) != noCt.end()) {
      r.ct = CtValue::undetermined(raw);
    } else if (auto v = parseNumber(raw, style); v && *v >= 0) {
      r.ct = CtValue::number(*v, raw);
    } else {
      fail(ReadErrorKind::Malformed, table, row.line,
           "Ct '" + raw + "' is neither a number nor one of the no-Ct words of mapping '" + mapping.name + "'");
    }
    run.wells.push_back(std::move(r));
  }
  requireWells(run, table, "the result table");
  inferPlate(run);
  return run;
}

std::optional<RunData> readAnyTable(const Table& table, char delimiter, const ReadOptions& options) {
  // A lab's own mappings first: they describe its instruments exactly.
  for (const auto& mapping : options.tableMappings) {
    if (auto run = readMappedTable(table, mapping, delimiter)) return run;
  }
  if (auto run = readCfxTable(table, delimiter)) return run;
  if (auto run = readRdesTable(table)) return run;
  if (auto run = readAbiTable(table)) return run;
  return readMappedTable(table, builtinTableMapping(), delimiter);
}

}  // namespace natlims::instruments::detail
