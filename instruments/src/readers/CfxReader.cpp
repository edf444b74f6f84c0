#include "readers/FormatError.h"
#include "readers/ReaderSupport.h"
#include "readers/TableReaders.h"

namespace natlims::instruments::detail {

std::optional<RunData> readCfxTable(const Table& table, char delimiter) {
  const int h = findHeaderRow(table, [](const HeaderIndex& hi) {
    return hi.find({"well"}) >= 0 && hi.find({"fluor"}) >= 0 && hi.find({"cq"}) >= 0 &&
           (hi.find({"content"}) >= 0 || hi.find({"sample"}) >= 0);
  }, 20);
  if (h < 0) return std::nullopt;
  const HeaderIndex header(table.rows[static_cast<std::size_t>(h)]);
  const int wellCol = header.find({"well"});
  const int fluorCol = header.find({"fluor"});
  const int targetCol = header.find({"target"});
  const int contentCol = header.find({"content"});
  const int sampleCol = header.find({"sample"});
  const int cqCol = header.find({"cq"});
  const NumberStyle style{false, delimiter == ';' ? ',' : '.'};
  const bool spreadsheet = !table.sheet.empty();
  RunData run;
  run.format = "biorad-cfx";
  run.instrument = "Bio-Rad CFX";
  for (std::size_t i = static_cast<std::size_t>(h) + 1; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (isBlankRow(row)) continue;
    if (!spreadsheet && static_cast<int>(row.cells.size()) <= std::max(wellCol, cqCol)) {
      const bool last = i + 1 == table.rows.size();
      fail(last && !table.lastRowComplete ? ReadErrorKind::Truncated : ReadErrorKind::Malformed, table, row.line,
           "the row ends before the Cq column" +
               std::string(last && !table.lastRowComplete ? " (the file looks cut short)" : ""));
    }
    WellReading r;
    r.well = trim(cellAt(row, wellCol));
    const auto p = parseWellLabel(r.well);
    if (!p) fail(ReadErrorKind::Malformed, table, row.line, "well '" + r.well + "' is not a well");
    r.position = *p;
    r.dye = trim(cellAt(row, fluorCol));
    r.target = trim(cellAt(row, targetCol));
    r.task = trim(cellAt(row, contentCol));
    r.sample = trim(cellAt(row, sampleCol));
    r.line = row.line;
    const std::string raw = trim(cellAt(row, cqCol));
    // CFX Maestro writes NaN, CFX Manager 1.x/2.x N/A, and the xlsx export an empty cell.
    if (raw.empty() || isNoCtWord(raw)) {
      r.ct = CtValue::undetermined(raw);
    } else if (auto v = parseNumber(raw, style)) {
      if (*v < 0) fail(ReadErrorKind::Malformed, table, row.line, "Cq '" + raw + "' is negative");
      r.ct = CtValue::number(*v, raw);
    } else {
      fail(ReadErrorKind::Malformed, table, row.line, "Cq '" + raw + "' is neither a number nor NaN/N/A");
    }
    run.wells.push_back(std::move(r));
  }
  requireWells(run, table, "the CFX results table");
  inferPlate(run);
  return run;
}

std::optional<RunData> readCfxRunInformation(const Table& table) {
  if (table.rows.empty()) return std::nullopt;
  bool fileName = false;
  bool maestro = false;
  for (const auto& row : table.rows) {
    const std::string key = trim(cellAt(row, 0));
    if (key == "File Name") fileName = true;
    if (key == "CFX Maestro Version" || key == "Created By User" || key == "Base Serial Number") maestro = true;
  }
  if (!fileName || !maestro) return std::nullopt;
  RunData run;
  run.format = "biorad-cfx";
  run.instrument = "Bio-Rad CFX";
  for (const auto& row : table.rows) {
    const std::string key = trim(cellAt(row, 0));
    if (key.empty()) continue;
    run.metadata.emplace_back(key, trim(cellAt(row, 1)));
    if (key == "File Name") run.runId = trim(cellAt(row, 1));
  }
  return run;
}

std::optional<RunData> readRdesTable(const Table& table) {
  const int h = findHeaderRow(table, [](const HeaderIndex& hi) {
    return hi.find({"well"}) == 0 && hi.find({"sample type"}) >= 0 && hi.find({"target type"}) >= 0 &&
           hi.find({"dye"}) >= 0 && hi.find({"cq"}) >= 0;
  }, 5);
  if (h < 0) return std::nullopt;
  const HeaderIndex header(table.rows[static_cast<std::size_t>(h)]);
  const int sampleCol = header.find({"sample"});
  const int typeCol = header.find({"sample type"});
  const int targetCol = header.find({"target"});
  const int dyeCol = header.find({"dye"});
  const int cqCol = header.find({"cq"});
  RunData run;
  run.format = "rdes";
  for (std::size_t i = static_cast<std::size_t>(h) + 1; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (isBlankRow(row)) continue;
    WellReading r;
    r.well = trim(cellAt(row, 0));
    const auto p = parseWellCell(r.well, 1, std::nullopt);
    if (!p) fail(ReadErrorKind::Malformed, table, row.line, "well '" + r.well + "' is not a well");
    r.position = *p;
    r.sample = trim(cellAt(row, sampleCol));
    r.task = trim(cellAt(row, typeCol));
    r.target = trim(cellAt(row, targetCol));
    r.dye = trim(cellAt(row, dyeCol));
    r.line = row.line;
    const std::string raw = trim(cellAt(row, cqCol));
    if (raw.empty()) {
      r.ct = CtValue::undetermined(raw);
    } else if (auto v = parseNumber(raw)) {
      // RDML 1.3+: negative values are codes; -1.0 is "not available".
      r.ct = *v < 0 ? CtValue::undetermined(raw) : CtValue::number(*v, raw);
    } else {
      fail(ReadErrorKind::Malformed, table, row.line, "Cq '" + raw + "' is not a number");
    }
    run.wells.push_back(std::move(r));
  }
  requireWells(run, table, "the RDES table");
  inferPlate(run);
  return run;
}

}  // namespace natlims::instruments::detail
