#include <regex>

#include "readers/FormatError.h"
#include "readers/ReaderSupport.h"
#include "readers/TableReaders.h"

namespace natlims::instruments::detail {

namespace {

// The dye of a LightCycler 480 filter: a dye named in the filter's text wins, else the
// emission wavelength of the "(excitation-emission)" pair decides.
std::string dyeOfFilter(const std::string& filterName, int emission) {
  static const std::pair<const char*, const char*> kNamed[] = {
      {"fam", "FAM"}, {"sybr", "SYBR"}, {"hex", "HEX"}, {"vic", "VIC"}, {"yellow", "HEX"},
      {"joe", "JOE"}, {"rox", "ROX"}, {"texas", "ROX"}, {"red 610", "ROX"}, {"cy5.5", "CY5.5"},
      {"cy5", "CY5"}, {"red 640", "CY5"}};
  const std::string lower = lowerAscii(filterName);
  for (const auto& [word, dye] : kNamed) {
    if (lower.find(word) != std::string::npos) return dye;
  }
  if (emission <= 0) return {};
  if (emission <= 545) return "FAM";
  if (emission <= 595) return "HEX";
  if (emission <= 630) return "ROX";
  if (emission <= 690) return "CY5";
  return "CY5.5";
}

}  // namespace

std::optional<RunData> readLightCycler480(const Table& table) {
  if (table.rows.empty()) return std::nullopt;
  // Line 1 is free text (padded with tabs in old files): join its cells back.
  std::string first;
  for (const auto& c : table.rows[0].cells) first += c + " ";
  first = trim(first);
  if (first.rfind("Experiment:", 0) != 0) return std::nullopt;
  const auto filterAt = first.find("Selected Filter:");
  if (filterAt == std::string::npos) return std::nullopt;
  RunData run;
  run.format = "lightcycler480";
  run.instrument = "Roche LightCycler 480";
  run.runId = trim(first.substr(11, filterAt - 11));
  const std::string filter = trim(first.substr(filterAt + 16));
  std::string channel;
  int emission = 0;
  std::smatch m;
  static const std::regex kWavelengths(R"(\((\d{3})\s*-\s*(\d{3})\))");
  if (std::regex_search(filter, m, kWavelengths)) {
    channel = m[1].str() + "-" + m[2].str();
    emission = std::stoi(m[2].str());
  }
  const std::string dye = dyeOfFilter(filter, emission);
  run.metadata.emplace_back("Experiment", run.runId);
  run.metadata.emplace_back("Selected Filter", filter);
  const int h = findHeaderRow(table, [](const HeaderIndex& hi) {
    return hi.find({"pos"}) >= 0 && hi.find({"cp"}) >= 0 && hi.find({"name"}) >= 0;
  }, 10);
  if (h < 0) {
    throw FormatError(ReadErrorKind::NoResults,
                      "LightCycler 480 export without an Include/Color/Pos/Name/Cp table: export "
                      "'Abs Quant/2nd Derivative Max' results");
  }
  const HeaderIndex header(table.rows[static_cast<std::size_t>(h)]);
  const int includeCol = header.find({"include"});
  const int posCol = header.find({"pos"});
  const int nameCol = header.find({"name"});
  const int cpCol = header.find({"cp"});
  for (std::size_t i = static_cast<std::size_t>(h) + 1; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (isBlankRow(row)) continue;
    if (static_cast<int>(row.cells.size()) <= std::max(posCol, cpCol)) {
      const bool last = i + 1 == table.rows.size();
      fail(last && !table.lastRowComplete ? ReadErrorKind::Truncated : ReadErrorKind::Malformed, table, row.line,
           "the row ends before the Cp column" +
               std::string(last && !table.lastRowComplete ? " (the file looks cut short)" : ""));
    }
    WellReading r;
    r.well = trim(cellAt(row, posCol));
    const auto p = parseWellLabel(r.well);
    if (!p) fail(ReadErrorKind::Malformed, table, row.line, "position '" + r.well + "' is not a well");
    r.position = *p;
    r.sample = trim(cellAt(row, nameCol));
    r.dye = dye;
    r.channel = channel.empty() ? filter : channel;
    r.omitted = includeCol >= 0 && lowerAscii(trim(cellAt(row, includeCol))) == "false";
    r.line = row.line;
    const std::string raw = trim(cellAt(row, cpCol));
    if (raw.empty() || isNoCtWord(raw)) {
      r.ct = CtValue::undetermined(raw);
    } else if (auto v = parseNumber(raw, NumberStyle{false, 0})) {
      r.ct = CtValue::number(*v, raw);
    } else {
      fail(ReadErrorKind::Malformed, table, row.line, "Cp '" + raw + "' is not a number");
    }
    run.wells.push_back(std::move(r));
  }
  requireWells(run, table, "the LightCycler 480 table");
  inferPlate(run);
  return run;
}

}  // namespace natlims::instruments::detail
