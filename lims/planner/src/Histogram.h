#pragma once

#include <cstdint>
#include <vector>

#include "natlims/planner/Simulator.h"

namespace natlims::planner {

/// A weighted histogram of non-negative values in fixed bins (values above the range go to the
/// last bin; min, max and mean stay exact), so that millions of people over many runs fit in a
/// few hundred kilobytes. Quantiles are exact to one bin.
class Histogram {
 public:
  Histogram(double binWidth, std::size_t bins) : _width(binWidth), _bins(bins, 0.0) {}
  void add(double value, double weight = 1.0);
  Distribution distribution() const;

 private:
  double quantile(double q) const;
  double _width;
  std::vector<double> _bins;
  double _total = 0, _sum = 0, _min = 0, _max = 0;
  std::int64_t _count = 0;
};

/// The distribution of plain values.
Distribution distributionOf(std::vector<double> values);

}  // namespace natlims::planner
