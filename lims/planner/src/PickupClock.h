#pragma once

#include "OpeningHours.h"

namespace natlims::planner {

/// When the courier calls at a site: every `interval` minutes from each opening of the site, and
/// at each closing; after the site has finished, every `interval` minutes around the clock while
/// tubes remain (the final call at the moment it finishes is the caller's).
class PickupClock {
 public:
  PickupClock(const OpeningHours& hours, double interval) : _hours(hours), _interval(interval) {}
  /// The first call strictly after t during opening hours.
  double next(double t) const;
  double interval() const { return _interval; }

 private:
  const OpeningHours& _hours;
  double _interval;
};

}  // namespace natlims::planner
