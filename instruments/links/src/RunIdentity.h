#pragma once

// Stable run ids for messages that carry no id of their own (private to the library).

#include <string>
#include <string_view>

namespace natlims::links {

/// "sha256:" and the first 32 hex digits of the SHA-256 of `bytes`.
std::string contentRunId(std::string_view bytes);

}  // namespace natlims::links
