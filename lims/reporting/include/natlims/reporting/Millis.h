#pragma once

#include <cstdint>

namespace natlims::reporting {

/// Milliseconds since the Unix epoch (UTC): the same representation as natlims::lims::Millis, so
/// that the server passes its stored instants through unchanged. 0 means "not known" where a
/// field says so.
using Millis = std::int64_t;

}  // namespace natlims::reporting
