#pragma once

#include "PlanCore.h"
#include "natlims/planner/Plan.h"

namespace natlims::planner {

/// Splits the time to the last first-test result along its critical path: the last plate's
/// review and run, back through every run it waited for on the same instrument, its extraction
/// and filling, then the lot that completed it: its wait for the courier and travel (transport)
/// and the time until its last tube closed (sampling). The three parts add up to the completion.
class CriticalPathFinder {
 public:
  static CriticalPath find(const CoreResult& core);
  /// The stage with the largest part.
  static Stage bottleneck(const CriticalPath& path);
};

}  // namespace natlims::planner
