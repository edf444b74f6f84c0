#pragma once

#include <string>

#include "natlims/instruments/KitRegistry.h"

namespace natlims::lims {

/// The kits the server runs with: those of `directory` when given, else the ones built into the
/// binary from config/kits/. Throws instruments::KitError when a kit is invalid.
instruments::KitRegistry loadKits(const std::string& directory);

}  // namespace natlims::lims
