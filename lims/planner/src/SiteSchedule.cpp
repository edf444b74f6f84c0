#include "SiteSchedule.h"

#include <algorithm>
#include <cmath>

namespace natlims::planner {

std::int64_t SiteSchedule::tubesFor(std::int64_t people, int tables, int poolSize) {
  if (people <= 0) return 0;
  const std::int64_t t = std::min<std::int64_t>(tables, people);
  const std::int64_t q = people / t, r = people % t;
  const auto ceilDiv = [&](std::int64_t n) { return (n + poolSize - 1) / poolSize; };
  return r * ceilDiv(q + 1) + (t - r) * ceilDiv(q);
}

SiteSchedule::SiteSchedule(const Scenario& scenario, int site, const std::vector<int>& units,
                           const OpeningHours& hours)
    : _hours(hours) {
  const Site& s = scenario.sites[static_cast<std::size_t>(site)];
  _tables = s.tables;
  _rate = s.tables * s.perTablePerHour / 60.0;
  const std::size_t groups = scenario.priorityGroups.size();
  // Priority groups first (all units of the site), then everyone else unit by unit.
  for (std::size_t g = 0; g <= groups; ++g) {
    for (const int u : units) {
      const GridUnit& unit = scenario.gridUnits[static_cast<std::size_t>(u)];
      const std::int64_t people = scenario.peopleIn(unit, g);
      if (people <= 0) continue;
      Segment seg;
      seg.gridUnit = u;
      seg.group = static_cast<int>(g);
      seg.people = people;
      seg.poolSize = g < groups ? scenario.priorityGroups[g].poolSize : scenario.poolSizeOf(unit);
      _segments.push_back(seg);
    }
  }
  double f = 0;
  for (std::size_t i = 0; i < _segments.size(); ++i) {
    Segment& seg = _segments[i];
    const double fEnd = f + static_cast<double>(seg.people) / _rate;
    seg.start = _hours.reachStart(f);
    seg.end = _hours.reachEnd(fEnd);
    seg.partsBegin = static_cast<int>(_parts.size());
    // One part per open block: tables close their tubes when the site closes for the night.
    double from = f;
    std::int64_t assigned = 0;
    while (from < fEnd - 1e-9) {
      const double partStart = _hours.reachStart(from);
      const double blockEnd = _hours.blockEnd(partStart);
      const double fBlockEnd = std::isfinite(blockEnd) ? _hours.openBefore(blockEnd) : fEnd;
      const double to = std::min(fEnd, std::max(fBlockEnd, from + 1e-6));
      SegmentPart part;
      part.segment = static_cast<int>(i);
      part.fStart = from;
      part.fEnd = to;
      part.start = partStart;
      part.end = _hours.reachEnd(to);
      const std::int64_t upTo =
          to >= fEnd - 1e-9 ? seg.people
                            : std::llround(static_cast<double>(seg.people) * (to - f) / (fEnd - f));
      part.people = std::max<std::int64_t>(0, upTo - assigned);
      assigned += part.people;
      part.tubes = tubesFor(part.people, _tables, seg.poolSize);
      if (part.people > 0) {
        seg.tubes += part.tubes;
        _parts.push_back(part);
      }
      from = to;
    }
    seg.partsEnd = static_cast<int>(_parts.size());
    _people += seg.people;
    _tubes += seg.tubes;
    f = fEnd;
  }
  if (!_segments.empty()) {
    _start = _segments.front().start;
    _end = _segments.back().end;
  }
}

std::int64_t SiteSchedule::tubesClosedBy(const SegmentPart& part, double t) const {
  if (t >= part.end) return part.tubes;
  if (t <= part.start) return 0;
  const double done = (_hours.openBefore(t) - part.fStart) / (part.fEnd - part.fStart);
  const auto n = static_cast<std::int64_t>(std::floor(done * static_cast<double>(part.tubes) + 1e-9));
  return std::clamp<std::int64_t>(n, 0, part.tubes);
}

double SiteSchedule::tubeClosesAt(const SegmentPart& part, std::int64_t i) const {
  if (i >= part.tubes) return part.end;
  return _hours.reachEnd(part.fStart + (part.fEnd - part.fStart) * static_cast<double>(i) / static_cast<double>(part.tubes));
}

double SiteSchedule::meanSampledAt(const SegmentPart& part, std::int64_t a, std::int64_t b) const {
  // Tubes (a, b] closed between F(a) and F(b); each took one table a tube's worth of people.
  const double span = part.fEnd - part.fStart;
  const double perTube = static_cast<double>(part.people) / static_cast<double>(std::max<std::int64_t>(1, part.tubes));
  const double fill = perTube * _tables / _rate;  // open minutes one table needs to fill a tube
  const double fa = part.fStart + span * static_cast<double>(a) / static_cast<double>(part.tubes);
  const double fb = part.fStart + span * static_cast<double>(b) / static_cast<double>(part.tubes);
  const double mid = std::max(part.fStart, (fa + fb) / 2 - std::min(fill, span) / 2);
  return _hours.reachEnd(mid);
}

}  // namespace natlims::planner
