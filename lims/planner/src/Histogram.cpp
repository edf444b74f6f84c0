#include "Histogram.h"

#include <algorithm>
#include <cmath>

#include "Weighted.h"

namespace natlims::planner {

void Histogram::add(double value, double weight) {
  if (weight <= 0) return;
  if (value < 0) value = 0;
  const auto bin = std::min(_bins.size() - 1, static_cast<std::size_t>(value / _width));
  _bins[bin] += weight;
  if (_count == 0 || value < _min) _min = value;
  if (_count == 0 || value > _max) _max = value;
  _total += weight;
  _sum += value * weight;
  ++_count;
}

double Histogram::quantile(double q) const {
  if (_total <= 0) return 0;
  const double target = q * _total;
  double acc = 0;
  for (std::size_t i = 0; i < _bins.size(); ++i) {
    acc += _bins[i];
    if (acc >= target - 1e-9 * _total && _bins[i] > 0) return std::clamp((static_cast<double>(i) + 0.5) * _width, _min, _max);
  }
  return _max;
}

Distribution Histogram::distribution() const {
  Distribution d;
  d.count = _count;
  if (_count == 0) return d;
  d.min = _min;
  d.max = _max;
  d.mean = _sum / _total;
  d.p5 = quantile(0.05);
  d.p50 = quantile(0.5);
  d.p95 = quantile(0.95);
  d.p99 = quantile(0.99);
  return d;
}

Distribution distributionOf(std::vector<double> values) {
  Distribution d;
  d.count = static_cast<std::int64_t>(values.size());
  if (values.empty()) return d;
  double sum = 0;
  for (double v : values) sum += v;
  d.mean = sum / static_cast<double>(values.size());
  d.p5 = quantile(values, 0.05);
  d.p50 = quantile(values, 0.5);
  d.p95 = quantile(values, 0.95);
  d.p99 = quantile(values, 0.99);
  d.min = values.front();
  d.max = values.back();
  return d;
}

}  // namespace natlims::planner
