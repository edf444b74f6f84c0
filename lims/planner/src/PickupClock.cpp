#include "PickupClock.h"

#include <algorithm>
#include <cmath>

namespace natlims::planner {

double PickupClock::next(double t) const {
  constexpr double kEps = 1e-7;
  if (_hours.alwaysOpen()) return (std::floor(t / _interval + kEps) + 1) * _interval;
  if (!_hours.isOpen(t)) {
    const double opens = _hours.nextOpen(t);
    return std::min(opens + _interval, _hours.blockEnd(opens));
  }
  const double from = _hours.blockStart(t);
  const double to = _hours.blockEnd(t);
  // Blocks open around the clock for days have no finite start: count from the round's start.
  const double origin = std::isfinite(from) ? from : 0.0;
  const double p = origin + (std::floor((t - origin) / _interval + kEps) + 1) * _interval;
  return p >= to ? to : p;
}

}  // namespace natlims::planner
