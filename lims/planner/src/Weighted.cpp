#include "Weighted.h"

#include <algorithm>
#include <cmath>

namespace natlims::planner {

double weightedQuantile(std::vector<Weighted>& values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end(), [](const Weighted& a, const Weighted& b) { return a.value < b.value; });
  double total = 0;
  for (const auto& v : values) total += v.weight;
  if (total <= 0) return 0;
  const double target = q * total;
  double acc = 0;
  for (const auto& v : values) {
    acc += v.weight;
    if (v.weight > 0 && acc >= target - 1e-9 * total) return v.value;
  }
  return weightedMax(values);
}

double weightedMax(const std::vector<Weighted>& values) {
  double m = 0;
  bool any = false;
  for (const auto& v : values)
    if (v.weight > 0 && (!any || v.value > m)) {
      m = v.value;
      any = true;
    }
  return m;
}

double quantile(std::vector<double>& values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[rank == 0 ? 0 : std::min(rank, values.size()) - 1];
}

}  // namespace natlims::planner
