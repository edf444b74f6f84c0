#pragma once

#include <string_view>

namespace natlims::reporting {

/// True when `code` is a LOINC code: 1 to 7 digits, '-', and the mod-10 check digit LOINC
/// defines ("94500-6", "94309-2"). Catches a mistyped code in a kit file before it reaches
/// public health.
bool isValidLoinc(std::string_view code);

}  // namespace natlims::reporting
