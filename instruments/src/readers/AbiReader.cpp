#include "readers/AbiReader.h"

#include <algorithm>
#include <cmath>

#include "readers/FormatError.h"
#include "readers/ReaderSupport.h"

namespace natlims::instruments::detail {

namespace {

struct AbiColumns {
  int wellPosition = -1;
  int well = -1;
  int sample = -1;
  int target = -1;
  int reporter = -1;
  int task = -1;
  int omit = -1;
  int ct = -1;
  int allele1 = -1;
  int allele2 = -1;
};

AbiColumns abiColumns(const HeaderIndex& h) {
  AbiColumns c;
  c.wellPosition = h.find({"well position"});
  c.well = h.find({"well", "pos"});
  c.sample = h.find({"sample name", "sample"});
  c.target = h.find({"target name", "target", "detector", "snp assay name", "assay name"});
  c.reporter = h.find({"reporter", "dye"});
  c.task = h.find({"task"});
  c.omit = h.find({"omit"});
  // "CT" (QuantStudio), "Cт" (7500, folded to "ct"), "Cq" (Design & Analysis), "CRT" (relative
  // threshold method); the first of them present wins, and its first column.
  c.ct = h.find({"ct", "cq", "crt", "cp"});
  c.allele1 = h.find({"allele1 ct"});
  c.allele2 = h.find({"allele2 ct"});
  return c;
}

bool isAbiHeader(const HeaderIndex& h) {
  const AbiColumns c = abiColumns(h);
  if (c.wellPosition < 0 && c.well < 0) return false;
  if (c.ct < 0 && (c.allele1 < 0 || c.allele2 < 0)) return false;
  if (h.find({"fluor"}) >= 0 && h.find({"content"}) >= 0) return false;  // Bio-Rad CFX
  return c.sample >= 0 || c.target >= 0 || c.reporter >= 0 || c.task >= 0;
}

void addMetadata(RunData& run, std::string key, std::string value) {
  key = trim(key);
  // Vendors pad keys ("Calibration Background is expired  = No").
  std::string collapsed;
  for (char ch : key) {
    if (ch == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed += ch;
  }
  run.metadata.emplace_back(std::move(collapsed), trim(value));
}

std::string metadataValue(const RunData& run, std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) {
    for (const auto& [key, value] : run.metadata) {
      if (normalizeHeader(key) == normalizeHeader(k) && !value.empty()) return value;
    }
  }
  return {};
}

// "* Block Type = 96fast" or, in table exports, "Block Type<sep>96fast".
void readPreambleRow(RunData& run, const TableRow& row) {
  if (row.cells.empty()) return;
  const std::string& first = row.cells[0];
  if (first.rfind("* ", 0) == 0) {
    const std::string body = first.substr(2);
    const auto eq = body.find(" = ");
    if (eq != std::string::npos) {
      addMetadata(run, body.substr(0, eq), body.substr(eq + 3));
    } else if (!body.empty() && body.back() == '=') {
      addMetadata(run, body.substr(0, body.size() - 1), "");
    } else {
      addMetadata(run, body, "");
    }
    return;
  }
  if (trim(first).empty()) return;
  addMetadata(run, first, row.cells.size() > 1 ? row.cells[1] : std::string());
}

void applyMetadata(RunData& run) {
  if (auto plate = plateFromBlockType(metadataValue(run, {"Block Type"}))) run.plate = plate;
  run.instrument = metadataValue(run, {"Instrument Type", "Instrument Name"});
  if (run.instrument.empty() && !run.metadata.empty() && run.metadata.front().first.rfind("SDS ", 0) == 0) {
    run.instrument = run.metadata.front().first;  // "SDS 2.3 RQ Results" (7900HT)
  }
  run.runId = metadataValue(run, {"Experiment Name", "Experiment File Name", "File Name", "Filename"});
}

bool isTrue(std::string_view text) {
  const std::string t = lowerAscii(trim(text));
  return t == "true" || t == "1" || t == "yes" || t == "y";
}

CtValue parseAbiCt(const Table& table, const TableRow& row, int column, std::string_view header) {
  const std::string raw = trim(cellAt(row, column));
  if (raw.empty()) return CtValue::missing();
  if (isNoCtWord(raw)) return CtValue::undetermined(raw);
  // ABI text exports write en-US numbers, thousands separators included.
  if (auto v = parseNumber(raw, NumberStyle{true, '.'})) {
    if (*v < 0) fail(ReadErrorKind::Malformed, table, row.line, std::string(header) + " '" + raw + "' is negative");
    return CtValue::number(*v, raw);
  }
  fail(ReadErrorKind::Malformed, table, row.line,
       std::string(header) + " '" + raw + "' is neither a number nor Undetermined");
}

struct NumberingCheck {
  int disagreements = 0;
  std::string example;
};

WellPosition resolveWell(const Table& table, const TableRow& row, const AbiColumns& c,
                         const RunData& run, std::string& label, NumberingCheck& numbering) {
  const std::string position = c.wellPosition >= 0 ? trim(cellAt(row, c.wellPosition)) : std::string();
  const std::string number = c.well >= 0 ? trim(cellAt(row, c.well)) : std::string();
  label = !position.empty() ? position : number;
  std::optional<WellPosition> p;
  if (!position.empty()) {
    p = parseWellLabel(position);
    if (!p) fail(ReadErrorKind::Malformed, table, row.line, "Well Position '" + position + "' is not a well");
    // Cross-check the 1-based Well number when both are given and the block is known. The
    // software binds samples to the Well Position (and shows it), so that one is used; a
    // disagreement is reported as a warning for the reviewer.
    if (!number.empty() && run.plate) {
      if (auto byNumber = parseWellCell(number, 1, run.plate); byNumber && !parseWellLabel(number) && *byNumber != *p) {
        if (numbering.disagreements++ == 0) {
          numbering.example = where(table, row.line) + ": Well " + number + " is " + wellLabel(*byNumber) +
                              " on this block, Well Position says " + position;
        }
      }
    }
  } else {
    p = parseWellCell(number, 1, run.plate);
    if (!p) fail(ReadErrorKind::Malformed, table, row.line, "well '" + number + "' is not a well");
  }
  if (run.plate && !run.plate->contains(*p)) {
    fail(ReadErrorKind::Malformed, table, row.line,
         "well " + label + " lies outside the " + std::to_string(run.plate->wells()) + "-well block the file states");
  }
  return *p;
}

// Reads the results table whose header is rows[headerIndex]; stops at a blank row or the next
// [Section], and takes key/value lines after it as metadata.
void readResultRows(const Table& table, std::size_t headerIndex, RunData& run) {
  const HeaderIndex header(table.rows[headerIndex]);
  const AbiColumns c = abiColumns(header);
  const bool genotyping = c.ct < 0;
  const int ctHeaderColumn = genotyping ? c.allele1 : c.ct;
  const std::string ctHeader = trim(cellAt(table.rows[headerIndex], ctHeaderColumn));
  const int needed = std::max({c.wellPosition, c.well, c.ct, c.allele1, c.allele2});
  const bool spreadsheet = !table.sheet.empty();
  NumberingCheck numbering;
  std::size_t i = headerIndex + 1;
  for (; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (isBlankRow(row)) break;
    if (!row.cells.empty() && !row.cells[0].empty() && row.cells[0].front() == '[') break;
    if (!spreadsheet && static_cast<int>(row.cells.size()) <= needed) {
      const bool last = i + 1 == table.rows.size();
      fail(last && !table.lastRowComplete ? ReadErrorKind::Truncated : ReadErrorKind::Malformed, table, row.line,
           "the row ends after " + std::to_string(row.cells.size()) + " columns, before the " +
               (genotyping ? std::string("allele Ct") : ctHeader) + " column" +
               (last && !table.lastRowComplete ? " (the file looks cut short)" : ""));
    }
    WellReading r;
    r.position = resolveWell(table, row, c, run, r.well, numbering);
    r.sample = trim(cellAt(row, c.sample));
    r.target = trim(cellAt(row, c.target));
    r.dye = trim(cellAt(row, c.reporter));
    r.task = trim(cellAt(row, c.task));
    r.omitted = c.omit >= 0 && isTrue(cellAt(row, c.omit));
    r.line = row.line;
    if (!genotyping) {
      r.ct = parseAbiCt(table, row, c.ct, ctHeader);
      run.wells.push_back(std::move(r));
    } else {
      // Genotyping: one reading per allele probe.
      WellReading second = r;
      r.target += r.target.empty() ? "Allele 1" : " Allele 1";
      second.target += second.target.empty() ? "Allele 2" : " Allele 2";
      r.ct = parseAbiCt(table, row, c.allele1, "Allele1 Ct");
      second.ct = parseAbiCt(table, row, c.allele2, "Allele2 Ct");
      run.wells.push_back(std::move(r));
      run.wells.push_back(std::move(second));
    }
  }
  // QuantStudio writes result metadata ("Endogenous Control", "Reference Sample") after a blank.
  for (; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (isBlankRow(row)) continue;
    if (!row.cells.empty() && !row.cells[0].empty() && row.cells[0].front() == '[') break;
    if (row.cells.size() >= 2 && !trim(row.cells[0]).empty()) {
      addMetadata(run, row.cells[0], row.cells[1]);
    } else if (!row.cells.empty() && row.cells[0].find(" = ") != std::string::npos) {
      readPreambleRow(run, TableRow{{"* " + row.cells[0]}, row.line});
    }
  }
  const bool nonLatin = std::any_of(ctHeader.begin(), ctHeader.end(), [](char ch) { return (ch & 0x80) != 0; });
  if (c.ct >= 0 && nonLatin && normalizeHeader(ctHeader) == "ct") {
    run.warnings.push_back("the Ct column is headed '" + ctHeader + "' (non-Latin letters), read as Ct");
  }
  if (genotyping) run.warnings.push_back("genotyping results: one reading per allele probe");
  if (numbering.disagreements > 0) {
    run.warnings.push_back(std::to_string(numbering.disagreements) +
                           " rows whose Well number disagrees with their Well Position (Well Position used; " +
                           numbering.example + ")");
  }
}

}  // namespace

std::optional<RunData> readAbiText(const Table& table) {
  std::size_t first = 0;
  while (first < table.rows.size() && isBlankRow(table.rows[first])) ++first;
  if (first == table.rows.size()) return std::nullopt;
  const std::string& head = cellAt(table.rows[first], 0);
  if (head.rfind("* ", 0) != 0) return std::nullopt;
  RunData run;
  run.format = "abi-text";
  std::size_t i = first;
  for (; i < table.rows.size(); ++i) {
    const std::string& cell = cellAt(table.rows[i], 0);
    if (cell.rfind("* ", 0) != 0) break;
    readPreambleRow(run, table.rows[i]);
  }
  applyMetadata(run);
  std::vector<std::string> sections;
  for (; i < table.rows.size(); ++i) {
    const std::string name = trim(cellAt(table.rows[i], 0));
    if (name.size() < 2 || name.front() != '[' || name.back() != ']') continue;
    sections.push_back(name);
    if (normalizeHeader(name) != "[results]") continue;
    std::size_t h = i + 1;
    while (h < table.rows.size() && isBlankRow(table.rows[h])) ++h;
    if (h == table.rows.size() || !isAbiHeader(HeaderIndex(table.rows[h]))) {
      fail(ReadErrorKind::Malformed, table, table.rows[i].line,
           "[Results] is not followed by a header with a well and a Ct column");
    }
    readResultRows(table, h, run);
    requireWells(run, table, "the [Results] section");
    inferPlate(run);
    return run;
  }
  std::string list;
  for (const auto& s : sections) list += (list.empty() ? "" : ", ") + s;
  throw FormatError(ReadErrorKind::NoResults,
                    "Applied Biosystems export without a [Results] section" +
                        (list.empty() ? std::string() : " (it has " + list + ")") +
                        ": export the results, not only the plate setup or raw data");
}

std::optional<RunData> readAbiTable(const Table& table) {
  const int h = findHeaderRow(table, isAbiHeader);
  if (h < 0) return std::nullopt;
  RunData run;
  run.format = "abi-table";
  for (int i = 0; i < h; ++i) readPreambleRow(run, table.rows[static_cast<std::size_t>(i)]);
  applyMetadata(run);
  readResultRows(table, static_cast<std::size_t>(h), run);
  requireWells(run, table, "the results table");
  inferPlate(run);
  return run;
}

std::optional<RunData> readEdsAnalysisResult(const Table& table) {
  if (table.rows.empty() || trim(cellAt(table.rows[0], 0)) != "Session Name") return std::nullopt;
  int h = -1;
  for (std::size_t i = 1; i < std::min<std::size_t>(table.rows.size(), 10); ++i) {
    const HeaderIndex header(table.rows[i]);
    if (header.find({"well"}) == 0 && header.find({"detector"}) >= 0 && header.find({"ct"}) >= 0) {
      h = static_cast<int>(i);
      break;
    }
  }
  if (h < 0) return std::nullopt;
  const HeaderIndex header(table.rows[static_cast<std::size_t>(h)]);
  const int sampleCol = header.find({"sample name"});
  const int targetCol = header.find({"detector"});
  const int taskCol = header.find({"task"});
  const int ctCol = header.find({"ct"});
  RunData run;
  run.format = "abi-eds";
  run.instrument = "Applied Biosystems 7500 (.eds analysis_result)";
  // The index is 0-based and row-major; an index past 95 can only be a 384-well block.
  run.plate = PlateFormat{8, 12};
  for (std::size_t i = static_cast<std::size_t>(h) + 1; i < table.rows.size(); ++i) {
    if (const auto index = parseNumber(cellAt(table.rows[i], 0)); index && *index >= 96) run.plate = PlateFormat{16, 24};
  }
  if (table.rows[0].cells.size() > 1) run.runId = trim(table.rows[0].cells[1]);
  std::size_t cycles = 0;
  for (std::size_t i = static_cast<std::size_t>(h) + 1; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (isBlankRow(row)) continue;
    const std::string first = trim(cellAt(row, 0));
    if (first == "Rn values") {
      std::size_t n = 0;
      for (std::size_t k = 1; k < row.cells.size(); ++k) n += trim(row.cells[k]).empty() ? 0 : 1;
      cycles = std::max(cycles, n);
      continue;
    }
    if (first == "Delta Rn values" || first == "DDCT Values") continue;
    if (static_cast<int>(row.cells.size()) <= ctCol) {
      const bool last = i + 1 == table.rows.size();
      fail(last ? ReadErrorKind::Truncated : ReadErrorKind::Malformed, table, row.line,
           "the row ends before the Ct column" + std::string(last ? " (the file looks cut short)" : ""));
    }
    // The well is a 0-based index into the 96-well block.
    const auto index = parseNumber(first);
    if (!index || *index != std::floor(*index)) {
      fail(ReadErrorKind::Malformed, table, row.line, "well index '" + first + "' is not a number");
    }
    const auto position = wellFromIndex(static_cast<long>(*index), 0, *run.plate);
    if (!position) {
      fail(ReadErrorKind::Malformed, table, row.line,
           "well index " + first + " lies outside a " + std::to_string(run.plate->wells()) + "-well block");
    }
    WellReading r;
    r.position = *position;
    r.well = first;
    r.sample = trim(cellAt(row, sampleCol));
    r.target = trim(cellAt(row, targetCol));
    r.task = trim(cellAt(row, taskCol));
    r.line = row.line;
    const std::string raw = trim(cellAt(row, ctCol));
    if (raw.empty()) {
      r.ct = CtValue::missing();
    } else if (isNoCtWord(raw)) {
      r.ct = CtValue::undetermined(raw);
    } else if (auto v = parseNumber(raw)) {
      r.ct = CtValue::number(*v, raw);
    } else {
      fail(ReadErrorKind::Malformed, table, row.line, "Ct '" + raw + "' is not a number");
    }
    run.wells.push_back(std::move(r));
  }
  requireWells(run, table, "analysis_result.txt");
  // The .eds stores "Undetermined" as the cycle count; the "Rn values" lines hold one value per
  // cycle, so they tell the count.
  if (cycles == 0) {
    cycles = 40;
    run.warnings.push_back("no amplification data to count the cycles: a Ct of 40 is taken as Undetermined");
  }
  for (auto& r : run.wells) {
    if (r.ct.hasValue() && r.ct.value >= static_cast<double>(cycles) - 1e-9) r.ct = CtValue::undetermined(r.ct.raw);
  }
  run.metadata.emplace_back("Cycles", std::to_string(cycles));
  return run;
}

}  // namespace natlims::instruments::detail
