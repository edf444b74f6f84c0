#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace natlims::links {

/// The canonical spelling of a reporter dye ("fam" -> "FAM", "Cy5" -> "CY5", "Texas Red" ->
/// "TEXAS RED"), or std::nullopt when `text` is not a dye name this project knows (docs/links.md).
std::optional<std::string> canonicalDye(std::string_view text);

}  // namespace natlims::links
