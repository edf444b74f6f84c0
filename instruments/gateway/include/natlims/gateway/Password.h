#pragma once

#include <optional>
#include <string>

namespace natlims::gateway {

/// The gateway user's password: the environment variable LIMS_PASSWORD when set, else asked on
/// the terminal (echo off) when there is one; std::nullopt when neither is possible.
std::optional<std::string> readPassword(const std::string& prompt);

}  // namespace natlims::gateway
