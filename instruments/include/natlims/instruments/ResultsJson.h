#pragma once

#include <string>

#include "natlims/instruments/RunData.h"

namespace natlims::instruments {

/// Writes a run in the natlims-results-v1 JSON format that readRun also reads:
///   {"format":"natlims-results-v1","instrument":"...","run_id":"...",
///    "wells":[{"well":"A1","sample":"...","target":"ORF1ab","dye":"FAM","ct":31.2}]}
/// "ct" is a number, or null for no amplification (Undetermined). The format has no way to say
/// "missing", so a Missing reading makes it throw std::invalid_argument naming the well.
std::string writeResultsJson(const RunData& run);

}  // namespace natlims::instruments
