#pragma once

#include <string>

namespace natlims::labels::tool {

/// The password for `user`: the environment variable LIMS_PASSWORD when set, else asked for on
/// the terminal without echo. Throws UsageError when it is not set and there is no terminal.
std::string readPassword(const std::string& user);

}  // namespace natlims::labels::tool
