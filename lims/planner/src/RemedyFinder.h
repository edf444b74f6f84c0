#pragma once

#include <optional>
#include <string>
#include <vector>

#include "PlanCore.h"
#include "natlims/planner/Remedy.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// Searches what to add when a plan misses its deadline or its report SLA, by re-planning: every
/// remedy it returns was planned with its changes applied and met the target.
///  - sampling: tables at the sites whose people finish late, sized so that the site would finish
///    sampling earlier by its lateness (repeated while that helps), then trimmed;
///  - transport: more frequent pickups at the late sites (halving the interval, down to 5 min);
///  - lab: at each late lab, the fewest reviewers when its instruments would do with more of
///    them, else the fewest instruments (and reviewers, when they limit too), found by replaying
///    the lab with its arrivals;
///  - combined: sampling, then transport, then lab, when no stage alone suffices;
///  - SLA: the fewest reviewers at each lab whose positives would be reported late.
class RemedyFinder {
 public:
  RemedyFinder(const Scenario& scenario, const ScenarioIndex& index, const CoreResult& core);

  std::optional<Remedy> sampling() const;
  std::optional<Remedy> transport() const;
  std::optional<Remedy> lab() const;
  std::optional<Remedy> combined() const;
  std::optional<Remedy> reportSla() const;

  /// The slowest positive report (minutes from run end) a lab's plates would give.
  static double reportMax(const std::vector<PlateRecord>& plates, double reportMinutes);

 private:
  double deadline() const { return _scenario.deadlineMinutes(); }
  // The lab changes (instruments, reviewers) that make every lab of `core` finish by the deadline
  // given its arrivals; nullopt when some lab cannot.
  std::optional<std::vector<RemedyChange>> labChanges(const Scenario& s, const CoreResult& core) const;
  // Tables making each late site finish sampling earlier by its lateness; false when none can.
  bool addTables(Scenario& s, const CoreResult& core, double extraMinutes) const;
  // `s` with only as many of its added tables as the deadline needs.
  Scenario trimTables(const Scenario& s) const;
  Remedy finish(const std::string& stage, const Scenario& changed) const;

  const Scenario& _scenario;
  const ScenarioIndex& _index;
  const CoreResult& _core;
};

}  // namespace natlims::planner
