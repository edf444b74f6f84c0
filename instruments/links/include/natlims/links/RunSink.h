#pragma once

#include "natlims/links/RunDocument.h"
#include "natlims/links/StoreOutcome.h"

namespace natlims::links {

/// Where complete messages go. The gateway's implementation POSTs to the server; a link
/// acknowledges a message only after store() returned Stored (docs/links.md).
class RunSink {
 public:
  virtual ~RunSink() = default;
  /// Called from a link worker thread, possibly from several at once: must be thread-safe.
  /// Must return within the link's storeTimeout so the instrument's ACK timer (15 s) is not hit.
  virtual StoreOutcome store(const RunDocument& run) = 0;
};

}  // namespace natlims::links
