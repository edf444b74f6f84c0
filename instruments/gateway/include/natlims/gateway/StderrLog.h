#pragma once

#include "natlims/links/LinkLog.h"

namespace natlims::gateway {

/// A LogSink writing "2026-12-01T08:00:00Z info message" lines to stderr, thread-safe.
/// Debug lines are written only when `verbose`.
links::LogSink stderrLog(bool verbose);

}  // namespace natlims::gateway
