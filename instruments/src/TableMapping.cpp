#include "natlims/instruments/TableMapping.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "text/Table.h"

namespace natlims::instruments {

namespace {

using detail::lowerAscii;
using detail::trim;

std::vector<std::string> splitList(std::string_view value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = value.find(',', start);
    const std::string item = trim(value.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

[[noreturn]] void bad(std::string_view source, int line, const std::string& what) {
  throw std::invalid_argument(std::string(source) + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

TableMapping builtinTableMapping() {
  TableMapping m;
  m.name = "generic";
  m.well = {"Well", "Well Position", "Pos", "Position", "孔位", "孔号", "反应孔", "孔", "位置"};
  m.ct = {"Ct", "Cq", "Cp", "Ct值", "CT值", "Cq值", "Ct Value", "Ct 值"};
  m.sample = {"Sample Name", "Sample", "Name", "样本名称", "样品名称", "样本名", "样本编号", "样品编号", "样本", "样品", "名称"};
  m.target = {"Target Name", "Target", "Gene", "Detector", "靶基因", "目标基因", "基因", "检测项目", "项目"};
  m.dye = {"Dye", "Reporter", "Fluor", "Channel", "通道", "荧光通道", "荧光", "染料", "报告基团"};
  m.noCt = {"Undetermined", "No Ct", "NoCt", "N/A", "NaN", "NA", "-", "/", "未检出", "无", "无Ct", "阴性"};
  return m;
}

std::vector<TableMapping> parseTableMappings(std::string_view iniText, std::string_view source) {
  std::vector<TableMapping> mappings;
  std::vector<int> sectionLines;
  std::istringstream in{std::string(iniText)};
  std::string raw;
  int lineNo = 0;
  while (std::getline(in, raw)) {
    ++lineNo;
    if (lineNo == 1 && raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string line = trim(raw);
    if (line.empty() || line[0] == ';' || line[0] == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') bad(source, lineNo, "section header without ']'");
      const std::string inside = trim(line.substr(1, line.size() - 2));
      if (inside.rfind("table ", 0) != 0 || trim(inside.substr(6)).empty()) {
        bad(source, lineNo, "sections are written [table NAME]");
      }
      TableMapping m;
      m.name = trim(inside.substr(6));
      m.noCt = {};
      mappings.push_back(std::move(m));
      sectionLines.push_back(lineNo);
      continue;
    }
    if (mappings.empty()) bad(source, lineNo, "a key before the first [table NAME] section");
    const auto eq = line.find('=');
    if (eq == std::string::npos) bad(source, lineNo, "expected key = value");
    const std::string key = lowerAscii(trim(line.substr(0, eq)));
    std::string value = trim(line.substr(eq + 1));
    // A comment may follow a value after " ;".
    if (const auto c = value.find(" ;"); c != std::string::npos) value = trim(value.substr(0, c));
    TableMapping& m = mappings.back();
    const std::string where = "[table " + m.name + "] " + key;
    if (key == "instrument") m.instrument = value;
    else if (key == "well") m.well = splitList(value);
    else if (key == "ct") m.ct = splitList(value);
    else if (key == "sample") m.sample = splitList(value);
    else if (key == "target") m.target = splitList(value);
    else if (key == "dye") m.dye = splitList(value);
    else if (key == "no_ct") m.noCt = splitList(value);
    else if (key == "empty_ct") {
      if (value == "undetermined") m.emptyCtIsUndetermined = true;
      else if (value == "missing") m.emptyCtIsUndetermined = false;
      else bad(source, lineNo, where + ": use undetermined or missing");
    } else if (key == "well_numbers") {
      if (value == "1") m.wellNumberBase = 1;
      else if (value == "0") m.wellNumberBase = 0;
      else bad(source, lineNo, where + ": use 1 or 0");
    } else if (key == "decimal") {
      if (value == ".") m.decimalMark = '.';
      else if (value == ",") m.decimalMark = ',';
      else bad(source, lineNo, where + ": use . or ,");
    } else {
      bad(source, lineNo, where + ": unknown key");
    }
  }
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    if (mappings[i].well.empty()) bad(source, sectionLines[i], "[table " + mappings[i].name + "]: 'well' is required");
    if (mappings[i].ct.empty()) bad(source, sectionLines[i], "[table " + mappings[i].name + "]: 'ct' is required");
    for (std::size_t j = 0; j < i; ++j) {
      if (mappings[j].name == mappings[i].name) bad(source, sectionLines[i], "[table " + mappings[i].name + "] appears twice");
    }
  }
  return mappings;
}

std::vector<TableMapping> loadTableMappings(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(path + ": cannot be opened");
  std::ostringstream text;
  text << in.rdbuf();
  return parseTableMappings(text.str(), path);
}

}  // namespace natlims::instruments
