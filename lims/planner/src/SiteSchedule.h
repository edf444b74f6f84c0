#pragma once

#include <cstdint>
#include <vector>

#include "OpeningHours.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// A slot of one grid unit's priority group (or everyone else) at its site.
struct Segment {
  int gridUnit = 0;
  int group = 0;
  std::int64_t people = 0;
  int poolSize = 1;
  std::int64_t tubes = 0;
  double start = 0, end = 0;
  int partsBegin = 0, partsEnd = 0;
};

/// A segment's share within one open block of the site (tubes close at the end of the day).
/// Work is measured in open minutes ("F"): the site swabs `rate` people per open minute.
struct SegmentPart {
  int segment = 0;
  double fStart = 0, fEnd = 0;  // open minutes after the start
  double start = 0, end = 0;    // minutes after the start
  std::int64_t people = 0;
  std::int64_t tubes = 0;
};

/// The planned sampling of one site: its grid units invited one slot after another at the full
/// rate of its tables (priority groups of all its units first, in the scenario's order, then
/// everyone else unit by unit), and the tubes that close during each slot.
class SiteSchedule {
 public:
  SiteSchedule(const Scenario& scenario, int site, const std::vector<int>& units, const OpeningHours& hours);

  const std::vector<Segment>& segments() const { return _segments; }
  const std::vector<SegmentPart>& parts() const { return _parts; }
  std::int64_t people() const { return _people; }
  std::int64_t tubes() const { return _tubes; }
  double start() const { return _start; }
  double end() const { return _end; }
  double ratePerOpenMinute() const { return _rate; }
  const OpeningHours& hours() const { return _hours; }

  /// Tubes of `part` closed by time t (tubes close evenly over the part's work).
  std::int64_t tubesClosedBy(const SegmentPart& part, double t) const;
  /// When tube i (1-based) of `part` closes.
  double tubeClosesAt(const SegmentPart& part, std::int64_t i) const;
  /// Mean sampling time of the people in tubes (a, b] of `part`.
  double meanSampledAt(const SegmentPart& part, std::int64_t a, std::int64_t b) const;

  /// Tubes that `people` fill at `tables` tables (each table pools its own people, and closes its
  /// last tube early): the even split of people over the tables.
  static std::int64_t tubesFor(std::int64_t people, int tables, int poolSize);

 private:
  const OpeningHours& _hours;
  int _tables = 1;
  double _rate = 0;
  std::vector<Segment> _segments;
  std::vector<SegmentPart> _parts;
  std::int64_t _people = 0, _tubes = 0;
  double _start = 0, _end = 0;
};

}  // namespace natlims::planner
