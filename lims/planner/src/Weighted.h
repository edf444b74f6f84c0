#pragma once

#include <vector>

namespace natlims::planner {

/// A value with a weight (people, tubes, expected positives) for percentiles.
struct Weighted {
  double value = 0;
  double weight = 0;
};

/// The weighted q-quantile (0..1) of `values` (sorted in place): the smallest value whose
/// cumulative weight reaches q of the total. 0 for an empty set or no weight.
double weightedQuantile(std::vector<Weighted>& values, double q);
/// The largest value with a positive weight (0 when none).
double weightedMax(const std::vector<Weighted>& values);

/// The q-quantile of plain values (sorted in place), nearest rank.
double quantile(std::vector<double>& values, double q);

}  // namespace natlims::planner
