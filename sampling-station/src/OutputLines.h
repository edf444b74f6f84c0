#pragma once

#include <string>

#include "natlims/station/Notice.h"
#include "natlims/station/Outcome.h"

namespace natlims::station {

/// The machine-readable lines of --script and --simulate (docs/station.md, "Script output"): one
/// compact JSON object per line.
std::string outcomeLine(std::size_t lineNo, const Outcome& o);
std::string noticeLine(const Notice& n);

}  // namespace natlims::station
