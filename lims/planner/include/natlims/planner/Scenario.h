#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace natlims::planner {

/// Local wall-clock hours [from, to) during which a site or lab works, every day; 0 <= from < to
/// <= 24. The hours are those of the scenario's start offset (no daylight-saving changes).
struct OpenInterval {
  double from = 0;
  double to = 24;
};

/// A group sampled before everyone else, in the order of the scenario's list (close contacts,
/// then key groups). Its people are part of each grid unit's population.
struct PriorityGroup {
  std::string name;
  int poolSize = 1;  // Default: 1 (single tube), as the national guidance asks for these groups.
};

/// A grid unit: its residents are invited, in time slots, to one sampling site.
struct GridUnit {
  std::string path;                      // "District/Street/Community[/Building]"
  std::int64_t population = 0;           // everyone in the unit, priority groups included
  std::string site;                      // id of the sampling site that serves it
  int poolSize = 0;                      // people per pooled tube; 0: the scenario's pool_size
  std::vector<std::int64_t> groupPeople;  // people per priority group (same order); may be empty
};

/// A sampling site (point) with its tables and the courier that takes its tubes to one lab.
struct Site {
  std::string id;
  int tables = 1;
  double perTablePerHour = 150;                  // Default: 150 people per table per hour.
  std::vector<OpenInterval> open{{0, 24}};        // Default: around the clock.
  std::string lab;                               // id of the lab its tubes go to
  double pickupEveryMinutes = 60;                // Default: 60. A courier call during opening hours.
  double transportMinutes = 45;                  // Default: 45. Site to lab.
  int tubesPerPickup = 0;                        // Default: 0 = no limit per courier trip.
};

/// A PCR lab: plates of `wells - controls` tubes, extracted then run on one of its instruments,
/// then reviewed and released by one of its reviewers.
struct Lab {
  std::string id;
  int instruments = 1;
  int wells = 96;                      // Default: 96.
  int controls = 2;                    // Default: 2 (one positive, one negative control).
  double runMinutes = 100;             // Default: 100 (kits: 82-118 min).
  double extractionMinutes = 60;       // Default: 60; a latency, not a capacity limit.
  std::vector<OpenInterval> open{{0, 24}};  // Default: around the clock.
  int reviewers = 0;                   // Default: 0 = ceil(instruments / 4).
  double reviewMinutes = -1;           // Per plate. Default: -1 = the scenario's review_minutes.

  int samplesPerPlate() const { return wells - controls; }
  int effectiveReviewers() const { return reviewers > 0 ? reviewers : (instruments + 3) / 4; }
};

/// Spread of the simulator's random durations (the planner uses the means).
struct SimulationSettings {
  double serviceCv = 0.3;        // table service time: lognormal, this coefficient of variation
  double transportCv = 0.2;      // courier travel time: lognormal
  double durationSpread = 0.15;  // extraction, run and review: uniform within +-15 % of the mean
  double recallCv = 0.3;         // recall (locate and re-swab a positive pool's people): lognormal
};

/// A campaign round to plan: who is sampled where, and where their tubes are tested.
/// Read one with ScenarioReader; ScenarioValidator checks one built in code.
struct Scenario {
  std::string name;                 // Default: "".
  std::string start;                // RFC 3339 with offset, e.g. "2026-12-01T06:00:00+08:00"
  double startUnixSeconds = 0;      // `start` as seconds since the epoch (set by the reader)
  int offsetMinutes = 0;            // `start`'s offset from UTC, in minutes
  double deadlineHours = 48;        // Default: 48.
  double reportSlaMinutes = 120;    // Default: 120. From a positive result to its report.
  double prevalence = 0.001;        // Default: 0.001 (share of people positive).
  int poolSize = 10;                // Default: 10 (for grid units that give none).
  double reviewMinutes = 5;         // Default: 5 per plate (a lab may override).
  double reportMinutes = 15;        // Default: 15, from release to the network report.
  double recallMinutes = 120;       // Default: 120, from the report to the re-swab of a pool's people.
  double plateFillWaitMinutes = 30; // Default: 30; how long tubes wait for a full plate while an
                                    // instrument is idle.
  std::vector<PriorityGroup> priorityGroups{{"close_contacts", 1}, {"key_groups", 1}};
  std::vector<GridUnit> gridUnits;
  std::vector<Site> sites;
  std::vector<Lab> labs;
  SimulationSettings simulation;

  /// Minutes from the start to the deadline.
  double deadlineMinutes() const { return deadlineHours * 60.0; }
  /// Local minute of the day (0..1440) at which the round starts.
  double startMinuteOfDay() const;
  /// The pool size a grid unit uses.
  int poolSizeOf(const GridUnit& unit) const { return unit.poolSize > 0 ? unit.poolSize : poolSize; }
  /// People of a grid unit in priority group `group`; group == priorityGroups.size() is "everyone
  /// else".
  std::int64_t peopleIn(const GridUnit& unit, std::size_t group) const;
  /// Index of a site / lab by id, or -1.
  int siteIndex(const std::string& id) const;
  int labIndex(const std::string& id) const;
  std::int64_t totalPopulation() const;
};

}  // namespace natlims::planner
