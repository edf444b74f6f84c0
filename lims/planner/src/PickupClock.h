#pragma once

#include "OpeningHours.h"

namespace natlims::planner {

/// When the courier calls at a site: every `interval` minutes from each opening of the site, and
/// at each closing; a final call when the site finishes; after that, every `interval` minutes
/// around the clock while tubes remain (the caller makes the final and later calls).
class PickupClock {
 public:
  PickupClock(const OpeningHours& hours, double interval) : _hours(hours), _interval(interval) {}
  /// The first call strictly after t during opening hours.
  double next(double t) const;
  /// Whether the call at `at` is the last before the site finishes at `end` and comes less than
  /// half an interval before it: that courier waits and makes the final call at `end`.
  bool waitsForEnd(double at, double end) const { return next(at) >= end && end - at < _interval / 2; }
  double interval() const { return _interval; }

 private:
  const OpeningHours& _hours;
  double _interval;
};

}  // namespace natlims::planner
