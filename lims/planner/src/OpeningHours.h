#pragma once

#include <limits>
#include <vector>

#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// Daily opening hours seen on the round's clock: times are minutes after the scenario's start,
/// the hours repeat every local day. "Open minutes" count only time inside the hours, which is how
/// a site's capacity and a lab's working time accumulate.
class OpeningHours {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  /// `hours` sorted and non-overlapping (ScenarioValidator checks); touching intervals merge.
  OpeningHours(const std::vector<OpenInterval>& hours, double startMinuteOfDay);

  bool alwaysOpen() const { return _perDay >= 1440.0; }
  double openPerDay() const { return _perDay; }

  /// Open minutes in [0, t) (t >= 0).
  double openBefore(double t) const { return cumulative(_m0 + t) - _g0; }
  double openBetween(double a, double b) const { return openBefore(b) - openBefore(a); }

  /// The earliest t >= 0 at which openBefore(t) >= x: when x open minutes of work end.
  double reachEnd(double x) const;
  /// The first open moment at or after reachEnd(x): when work following x open minutes begins.
  double reachStart(double x) const { return nextOpen(reachEnd(x)); }

  bool isOpen(double t) const;
  /// t when open, else the next opening.
  double nextOpen(double t) const;
  /// When the open block around t (open at t) ends: kNever when always open. Blocks continue over
  /// midnight when the hours touch 24 and 0.
  double blockEnd(double t) const;
  /// When the open block around t began (for t open): -kNever when always open.
  double blockStart(double t) const;
  /// The next opening strictly after t that follows a closed period (kNever when always open).
  double nextOpeningAfter(double t) const;

 private:
  double cumulative(double absMinute) const;  // open minutes from day-0 midnight
  double inDay(double minuteOfDay) const;     // open minutes in [0, minuteOfDay) of one day

  struct Span {
    double from, to;  // minutes of the day
  };
  std::vector<Span> _spans;
  double _perDay = 0;
  double _m0 = 0;  // start minute of day
  double _g0 = 0;  // cumulative(_m0)
};

}  // namespace natlims::planner
