#pragma once

#include <cstdint>
#include <vector>

#include "LabEngine.h"
#include "OpeningHours.h"
#include "SiteSchedule.h"
#include "Weighted.h"
#include "natlims/planner/Plan.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// Who serves whom in a scenario, resolved once (ids to indices).
struct ScenarioIndex {
  std::vector<std::vector<int>> unitsOfSite;  // grid units per site, in scenario order
  std::vector<int> labOfSite;
  std::vector<std::vector<int>> sitesOfLab;
  static ScenarioIndex build(const Scenario& scenario);
};

/// One lab's share of a planning pass.
struct LabOutcome {
  LabTally tally;
  std::vector<Lot> arrivals;  // its first-test arrivals, kept for replays with other capacities
  std::vector<Lot> lots;      // arrivals and retests as processed
  std::vector<PlateRecord> plates;
  std::vector<PlatePart> parts;
};

/// One deterministic pass of the planner over a scenario (no verdict, no remedies).
struct CoreResult {
  double completion = 0;      // last first-test release over all labs
  double lastRetest = 0;
  std::vector<OpeningHours> siteHours, labHours;
  std::vector<SiteSchedule> schedules;
  std::vector<double> siteLastResult;
  std::vector<double> groupLast;  // per priority group, then everyone
  std::vector<PickupPlan> pickups;
  std::vector<LabOutcome> labs;
  std::vector<Weighted> sampleToResult;  // minutes, weighted by people
};

/// The longest a site may sample before the planner gives up (days).
inline constexpr double kMaxPlanDays = 120;
/// The most courier calls a plan may hold (each becomes at least one lot in memory).
inline constexpr double kMaxPickups = 5'000'000;

class PlanCore {
 public:
  /// Plans every site and lab once. Throws std::invalid_argument naming the field when a site
  /// would sample for more than kMaxPlanDays, or the courier calls would exceed kMaxPickups.
  static CoreResult run(const Scenario& scenario, const ScenarioIndex& index);

  /// Replays one lab of `core` with other capacities (same arrivals). Returns its tally and fills
  /// `plates` when given.
  static LabTally replayLab(const Scenario& scenario, const CoreResult& core, int lab, int instruments,
                            int reviewers, std::vector<PlateRecord>* plates = nullptr);

  /// The lab's figures for the engine.
  static LabSetup setupOf(const Scenario& scenario, const Lab& lab, const OpeningHours& hours);
};

}  // namespace natlims::planner
