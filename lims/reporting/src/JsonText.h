#pragma once

#include <string>
#include <string_view>

namespace natlims::reporting::detail {

/// Appends `text` as a JSON string literal (quotes included): ", \ and control characters
/// escaped, UTF-8 (already checked by the caller) written as it is.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace natlims::reporting::detail
