#include "archive/XlsxWorkbook.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "readers/FormatError.h"
#include "text/Xml.h"

namespace natlims::instruments::detail {

namespace {

using Poco::XML::Attributes;
using Poco::XML::XMLChar;
using Poco::XML::XMLString;

class WorkbookHandler : public Poco::XML::DefaultHandler {
 public:
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relation id
  void startElement(const XMLString&, const XMLString& localName, const XMLString&,
                    const Attributes& attrs) override {
    if (localName == "sheet") sheets.emplace_back(attributeValue(attrs, "name"), attributeValue(attrs, "id"));
  }
};

class RelationsHandler : public Poco::XML::DefaultHandler {
 public:
  std::map<std::string, std::string> targets;
  void startElement(const XMLString&, const XMLString& localName, const XMLString&,
                    const Attributes& attrs) override {
    if (localName == "Relationship") targets[attributeValue(attrs, "Id")] = attributeValue(attrs, "Target");
  }
};

// <si> holds <t> directly or in rich-text runs <r><t>; phonetic hints <rPh><t> are not text.
class SharedStringsHandler : public Poco::XML::DefaultHandler {
 public:
  std::vector<std::string> strings;
  void startElement(const XMLString&, const XMLString& localName, const XMLString&,
                    const Attributes&) override {
    if (localName == "si") {
      strings.emplace_back();
      _inItem = true;
    } else if (localName == "rPh") {
      _inPhonetic = true;
    } else if (localName == "t") {
      _inText = _inItem && !_inPhonetic;
    }
  }
  void endElement(const XMLString&, const XMLString& localName, const XMLString&) override {
    if (localName == "si") _inItem = false;
    else if (localName == "rPh") _inPhonetic = false;
    else if (localName == "t") _inText = false;
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (_inText) strings.back().append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  bool _inItem = false;
  bool _inPhonetic = false;
  bool _inText = false;
};

// "B12" -> column 1 (0-based); -1 when the reference has no letters.
int columnOfReference(std::string_view ref) {
  int col = 0;
  std::size_t i = 0;
  for (; i < ref.size(); ++i) {
    const char c = ref[i];
    if (c >= 'A' && c <= 'Z') col = col * 26 + (c - 'A' + 1);
    else if (c >= 'a' && c <= 'z') col = col * 26 + (c - 'a' + 1);
    else break;
  }
  return i == 0 ? -1 : col - 1;
}

class SheetHandler : public Poco::XML::DefaultHandler {
 public:
  explicit SheetHandler(const std::vector<std::string>& shared) : _shared(shared) {}

  Table table;

  void startElement(const XMLString&, const XMLString& localName, const XMLString&,
                    const Attributes& attrs) override {
    if (localName == "row") {
      const std::string r = attributeValue(attrs, "r");
      int number = r.empty() ? _lastRow + 1 : std::atoi(r.c_str());
      if (number <= _lastRow) number = _lastRow + 1;
      if (number - _lastRow > 1) {
        // Keep blank lines: they end tables. A huge gap becomes one blank row.
        const int gap = std::min(number - _lastRow - 1, 1000);
        for (int g = 0; g < gap; ++g) table.rows.push_back(TableRow{{}, number - gap + g});
      }
      table.rows.push_back(TableRow{{}, number});
      _lastRow = number;
      _nextColumn = 0;
    } else if (localName == "c") {
      _type = attributeValue(attrs, "t");
      const int col = columnOfReference(attributeValue(attrs, "r"));
      _column = col >= 0 ? col : _nextColumn;
      _value.clear();
      _inCell = true;
    } else if (localName == "v" || localName == "t") {
      _collect = _inCell;
    }
  }
  void endElement(const XMLString&, const XMLString& localName, const XMLString&) override {
    if (localName == "v" || localName == "t") {
      _collect = false;
    } else if (localName == "c" && _inCell && !table.rows.empty()) {
      std::string text;
      if (_type == "s") {
        const long index = std::atol(_value.c_str());
        if (index >= 0 && static_cast<std::size_t>(index) < _shared.size()) {
          text = _shared[static_cast<std::size_t>(index)];
        } else if (!_value.empty()) {
          throw FormatError(ReadErrorKind::Malformed,
                            "spreadsheet cell refers to shared string " + _value + ", which does not exist");
        }
      } else if (_type == "b") {
        text = _value == "1" ? "TRUE" : "FALSE";
      } else {
        text = _value;
      }
      auto& cells = table.rows.back().cells;
      if (static_cast<std::size_t>(_column) >= cells.size()) cells.resize(static_cast<std::size_t>(_column) + 1);
      cells[static_cast<std::size_t>(_column)] = std::move(text);
      _nextColumn = _column + 1;
      _inCell = false;
    }
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (_collect) _value.append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  const std::vector<std::string>& _shared;
  int _lastRow = 0;
  int _nextColumn = 0;
  int _column = 0;
  bool _inCell = false;
  bool _collect = false;
  std::string _type;
  std::string _value;
};

// Relationship targets are relative to xl/ unless absolute; CFX writes backslashes.
std::string resolveTarget(std::string target) {
  std::replace(target.begin(), target.end(), '\\', '/');
  target = lowerAscii(target);
  if (!target.empty() && target.front() == '/') return target.substr(1);
  if (target.rfind("xl/", 0) == 0) return target;
  return "xl/" + target;
}

}  // namespace

XlsxWorkbook::XlsxWorkbook(const ZipArchive& zip) : _zip(zip) {
  const ZipEntry* workbook = zip.find("xl/workbook.xml");
  if (workbook == nullptr) throw FormatError(ReadErrorKind::Malformed, "spreadsheet without xl/workbook.xml");
  WorkbookHandler wb;
  parseXml(zip.read(*workbook), wb, "xl/workbook.xml");
  RelationsHandler rels;
  if (const ZipEntry* r = zip.find("xl/_rels/workbook.xml.rels")) parseXml(zip.read(*r), rels, "workbook relations");
  int ordinal = 0;
  for (const auto& [name, id] : wb.sheets) {
    ++ordinal;
    std::string member;
    if (auto it = rels.targets.find(id); it != rels.targets.end()) member = resolveTarget(it->second);
    if (member.empty() || zip.find(member) == nullptr) member = "xl/worksheets/sheet" + std::to_string(ordinal) + ".xml";
    _sheets.push_back(Sheet{name, member});
  }
  if (const ZipEntry* s = zip.find("xl/sharedstrings.xml")) {
    SharedStringsHandler handler;
    parseXml(zip.read(*s), handler, "xl/sharedStrings.xml");
    _sharedStrings = std::move(handler.strings);
  }
}

Table XlsxWorkbook::read(const Sheet& sheet) const {
  const ZipEntry* entry = _zip.find(sheet.member);
  if (entry == nullptr) {
    throw FormatError(ReadErrorKind::Malformed, "sheet '" + sheet.name + "' has no part " + sheet.member);
  }
  SheetHandler handler(_sharedStrings);
  parseXml(_zip.read(*entry), handler, "sheet '" + sheet.name + "'");
  handler.table.sheet = sheet.name;
  return std::move(handler.table);
}

}  // namespace natlims::instruments::detail
