#pragma once

#include <ostream>

#include "natlims/planner/Plan.h"

namespace natlims::planner {

/// An SVG chart (standalone, no scripts or external references) of planned load against capacity
/// per hour: people swabbed vs table capacity, tubes delivered, tubes tested vs instrument
/// capacity, with the deadline and the predicted completion marked.
class LoadChart {
 public:
  static void write(const Plan& plan, std::ostream& out);
};

}  // namespace natlims::planner
