#pragma once

#include <cstdint>

namespace natlims::planner {

/// One simulated tube: a pooled first-test tube, or a single-tube retest (people = 1).
struct SimTube {
  double closedAt = 0;
  double sampledMean = 0;     // mean swab time of its people
  std::uint16_t people = 0;
  std::uint16_t positives = 0;  // positive people in it
  std::int16_t group = 0;
  std::int32_t site = 0;
};

}  // namespace natlims::planner
