#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace natlims::links {

/// "A1" for a well written "A1", "a01", "A 01" (rows A-P, columns 1-24: a 96- or 384-well plate);
/// std::nullopt for anything else.
std::optional<std::string> normalizeWell(std::string_view text);

}  // namespace natlims::links
