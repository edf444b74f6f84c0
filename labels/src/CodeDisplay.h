#pragma once

#include <string>
#include <string_view>

namespace natlims::labels {

/// How text given as a code is shown in an error message. Code-shaped text (10 characters after
/// normalisation, starting with a kind symbol T, X or K) is shown as given, so that a mistyped
/// code can be found; anything else may be an identity number fed into the wrong field and is
/// masked with domain::maskIdNumber ("1101**********002X").
std::string displayCodeInput(std::string_view text);

}  // namespace natlims::labels
