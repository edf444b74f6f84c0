#pragma once

#include <string>
#include <string_view>

namespace natlims::lims {

/// A name in the form names are compared in: trimmed, inner blanks collapsed, ASCII letters
/// lower-cased ("Li  Lei" and "li lei" are one name); anything else must match exactly.
std::string comparableName(std::string_view name);

}  // namespace natlims::lims
