#pragma once

#include <istream>
#include <string>
#include <vector>

namespace natlims::labels::tool {

/// The codes of a list, one per line (blank lines and lines starting with '#' skipped, blanks
/// around a code ignored), each checked with domain::validateCode and returned in canonical
/// form. Throws ContentError (field "codes") "NAME:LINE: ..." on the first invalid or repeated
/// code, or when the list holds no code or more than 100,000.
std::vector<std::string> readCodeList(std::istream& in, const std::string& name);

/// readCodeList on a file, or on standard input for "-"; ContentError when it cannot be read.
std::vector<std::string> readCodeFile(const std::string& path);

}  // namespace natlims::labels::tool
