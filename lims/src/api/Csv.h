#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace natlims::lims {

/// Splits one CSV record (RFC 4180: fields separated by ',', optionally in double quotes with ""
/// for a quote) into `fields`. Returns false for an unterminated quote.
bool splitCsvLine(std::string_view line, std::vector<std::string>& fields);

/// Quotes `field` for CSV when it needs it.
std::string csvField(std::string_view field);

}  // namespace natlims::lims
