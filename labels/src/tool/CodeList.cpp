#include "CodeList.h"

#include <fstream>
#include <iostream>
#include <map>

#include "../CodeDisplay.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/Utf8.h"
#include "natlims/labels/LabelError.h"

namespace natlims::labels::tool {

namespace {

constexpr std::size_t kMaxCodes = 100000;

}  // namespace

std::vector<std::string> readCodeList(std::istream& in, const std::string& name) {
  std::vector<std::string> codes;
  std::map<std::string, int> firstLine;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CRLF files
    const std::string_view text = domain::trimBlanks(line);
    if (text.empty() || text.front() == '#') continue;
    const std::string where = name + ":" + std::to_string(number) + ": ";
    const auto check = domain::validateCode(text);
    if (!check.ok) {
      throw ContentError(where + "code '" + displayCodeInput(text) + "' " + check.error, "codes");
    }
    if (const auto [it, fresh] = firstLine.emplace(check.code, number); !fresh)
      throw ContentError(where + "code " + check.code + " appears twice (first on line " + std::to_string(it->second) +
                             "); each code goes on one tube only",
                         "codes");
    if (codes.size() == kMaxCodes) throw ContentError(name + ": more than 100,000 codes; split the list", "codes");
    codes.push_back(check.code);
  }
  if (in.bad()) throw ContentError(name + ": read error", "codes");
  if (codes.empty()) throw ContentError(name + ": holds no code", "codes");
  return codes;
}

std::vector<std::string> readCodeFile(const std::string& path) {
  if (path == "-") return readCodeList(std::cin, "stdin");
  std::ifstream in(path);
  if (!in) throw ContentError("cannot read code list " + path, "codes");
  return readCodeList(in, path);
}

}  // namespace natlims::labels::tool
