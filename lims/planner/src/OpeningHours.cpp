#include "OpeningHours.h"

#include <cmath>

namespace natlims::planner {

OpeningHours::OpeningHours(const std::vector<OpenInterval>& hours, double startMinuteOfDay) : _m0(startMinuteOfDay) {
  for (const auto& h : hours) {
    const Span span{h.from * 60.0, h.to * 60.0};
    if (!_spans.empty() && span.from <= _spans.back().to) {
      if (span.to > _spans.back().to) _spans.back().to = span.to;
    } else {
      _spans.push_back(span);
    }
  }
  for (const auto& s : _spans) _perDay += s.to - s.from;
  _g0 = cumulative(_m0);
}

double OpeningHours::inDay(double r) const {
  double open = 0;
  for (const auto& s : _spans) {
    if (r <= s.from) break;
    open += (r < s.to ? r : s.to) - s.from;
  }
  return open;
}

double OpeningHours::cumulative(double a) const {
  const double day = std::floor(a / 1440.0);
  return day * _perDay + inDay(a - day * 1440.0);
}

double OpeningHours::reachEnd(double x) const {
  if (x <= 0) return 0;
  if (alwaysOpen()) return x;
  const double target = x + _g0;
  double day = std::floor(target / _perDay);
  double rem = target - day * _perDay;
  if (rem <= 0) {  // exactly at a day's total: the end of the previous day's last span
    day -= 1;
    rem = _perDay;
  }
  double acc = 0;
  for (const auto& s : _spans) {
    const double len = s.to - s.from;
    if (rem <= acc + len) {
      const double t = day * 1440.0 + s.from + (rem - acc) - _m0;
      return t < 0 ? 0 : t;
    }
    acc += len;
  }
  return day * 1440.0 + _spans.back().to - _m0;  // rounding guard
}

bool OpeningHours::isOpen(double t) const {
  if (alwaysOpen()) return true;
  const double a = _m0 + t;
  const double r = a - std::floor(a / 1440.0) * 1440.0;
  for (const auto& s : _spans)
    if (r >= s.from && r < s.to) return true;
  return false;
}

double OpeningHours::nextOpen(double t) const {
  if (isOpen(t)) return t;
  const double a = _m0 + t;
  const double day = std::floor(a / 1440.0);
  const double r = a - day * 1440.0;
  for (const auto& s : _spans)
    if (s.from > r) return day * 1440.0 + s.from - _m0;
  return (day + 1) * 1440.0 + _spans.front().from - _m0;
}

double OpeningHours::blockEnd(double t) const {
  if (alwaysOpen()) return kNever;
  const double a = _m0 + t;
  double day = std::floor(a / 1440.0);
  const double r = a - day * 1440.0;
  for (const auto& s : _spans) {
    if (r >= s.from && r < s.to) {
      double end = s.to;
      // Continue over midnight while the next day opens at 0.
      while (end >= 1440.0 && _spans.front().from <= 0) {
        day += 1;
        end = _spans.front().to;
        if (_spans.size() == 1 && end >= 1440.0) return kNever;
      }
      return day * 1440.0 + end - _m0;
    }
  }
  return t;  // closed: the block ended already
}

double OpeningHours::blockStart(double t) const {
  if (alwaysOpen()) return -kNever;
  const double a = _m0 + t;
  double day = std::floor(a / 1440.0);
  const double r = a - day * 1440.0;
  for (const auto& s : _spans) {
    if (r >= s.from && r < s.to) {
      double from = s.from;
      while (from <= 0 && _spans.back().to >= 1440.0) {
        day -= 1;
        from = _spans.back().from;
      }
      return day * 1440.0 + from - _m0;
    }
  }
  return t;
}

double OpeningHours::nextOpeningAfter(double t) const {
  if (alwaysOpen()) return kNever;
  const double end = isOpen(t) ? blockEnd(t) : t;
  if (end == kNever) return kNever;
  return nextOpen(end);
}

}  // namespace natlims::planner
