#pragma once

#include <string>
#include <string_view>

namespace natlims::reporting::detail {

/// Appends one CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, or starts
/// with = + - @ (a spreadsheet would run it as a formula: prefixed with ' inside the quotes).
void appendCsvField(std::string& out, std::string_view value);

}  // namespace natlims::reporting::detail
