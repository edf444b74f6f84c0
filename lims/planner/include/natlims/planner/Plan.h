#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "natlims/planner/Remedy.h"
#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// The stages a round's tubes go through; the bottleneck is one of them.
enum class Stage { Sampling, Transport, Lab };
const char* stageName(Stage stage);  // "sampling", "transport", "lab"

/// Times are minutes after the scenario's start unless a name says otherwise.

/// The time slot in which a grid unit's people (of one priority group) are invited to its site.
/// Invitations at the site's full rate keep queues short.
struct SlotPlan {
  int site = 0;           // index into scenario.sites
  int gridUnit = 0;       // index into scenario.gridUnits
  int group = 0;          // index into scenario.priorityGroups; == its size for "everyone"
  std::int64_t people = 0;
  int poolSize = 0;
  std::int64_t tubes = 0;
  double start = 0;
  double end = 0;
};

/// A courier pickup at a site and its arrival at the lab.
struct PickupPlan {
  int site = 0;
  double at = 0;
  double arrivesAt = 0;
  std::int64_t tubes = 0;
};

struct SitePlan {
  std::int64_t people = 0;
  std::int64_t tubes = 0;
  double samplingStart = 0;
  double samplingEnd = 0;
  double lastResult = 0;  // last first-test result of its people
  int pickups = 0;
};

struct LabPlan {
  std::int64_t tubes = 0;        // pooled first-test tubes received
  std::int64_t retestTubes = 0;  // single-tube retests received
  int plates = 0;
  double firstRun = 0;
  double lastResult = 0;         // last first-test result released
  double lastRetestResult = 0;
  double instrumentHoursBusy = 0;
  double utilization = 0;        // busy instrument time / instrument time from first run to last
  double maxTurnaroundMinutes = 0;  // receipt to result, first test
  double reportMaxMinutes = 0;
};

/// One hour of the round: planned load against capacity, for the chart and the CSV.
struct HourLoad {
  double samplingPeople = 0;    // people swabbed
  double samplingCapacity = 0;  // people the open tables could swab
  double tubesDelivered = 0;    // tubes arriving at labs
  double labTubes = 0;          // tubes whose runs ended
  double labCapacity = 0;       // tubes the open labs' instruments could run
};

/// One lab-hour of the plan: tubes whose runs ended in it, plates started, busy instruments.
struct LabHourLoad {
  int lab = 0;
  int hour = 0;             // covers [60 * hour, 60 * hour + 60)
  double tubes = 0;
  int plates = 0;
  double utilization = 0;   // busy instrument minutes / (instruments * open minutes)
};

/// Where the last first-test result spent its time: the critical path, split by stage.
struct CriticalPath {
  double samplingMinutes = 0;   // from the start until its tube closed
  double transportMinutes = 0;  // waiting for the courier and travelling
  double labMinutes = 0;        // queueing, extraction, runs (with the runs it waited for), review
  int site = -1;
  int lab = -1;
};

struct GroupPlan {
  std::string name;  // a priority group's name, or "everyone"
  std::int64_t people = 0;
  double completion = 0;  // last first-test result of the group
};

/// Recall and single-tube re-sampling of positive pools (Dorfman), reported beside completion.
struct RecallPlan {
  double expectedPositives = 0;     // prevalence * population
  double positivePools = 0;         // sum over tubes of 1 - (1 - p)^people_in_tube
  double positivePoolShare = 0;     // positivePools / tubes
  double peopleToResample = 0;      // sum over tubes of people * (1 - (1 - p)^people)
  double testsPerPerson = 0;        // (tubes + peopleToResample) / population
  std::int64_t plannedPositivePools = 0;  // positive pools placed on plates by the plan
  std::int64_t plannedRetestTubes = 0;
  double completion = 0;            // last retest result (0 when none)
};

/// The check that every positive is reported within the SLA: from the end of the run that found
/// it, through the wait for a reviewer, the review and the report.
struct SlaCheck {
  double reportP50Minutes = 0;
  double reportP99Minutes = 0;
  double reportMaxMinutes = 0;
  double retestReportP99Minutes = 0;
  double receiptToReportP99Minutes = 0;  // lab turnaround (receipt to run end) + the above
  bool met = true;
  std::string text;
  std::vector<Remedy> remedies;
};

/// The plan of a round: schedule, predicted completion, bottleneck, verdict, SLA and recall.
struct Plan {
  Scenario scenario;
  double deadlineMinutes = 0;
  double completionMinutes = 0;  // every person has a first-test result
  bool withinDeadline = false;
  Stage bottleneck = Stage::Sampling;
  std::string bottleneckWhere;    // the site or lab id on the critical path
  CriticalPath criticalPath;
  std::string verdict;            // "finishes at +41 h, within 48 h" / "misses by 6 h: add ..."
  std::vector<Remedy> remedies;   // each one, applied alone, makes the plan meet the deadline
  std::vector<std::string> warnings;  // what makes the plan fragile or wasteful, for a person
  SlaCheck sla;
  RecallPlan recall;
  std::vector<GroupPlan> groups;
  std::vector<SlotPlan> slots;
  std::vector<PickupPlan> pickups;
  std::vector<SitePlan> sites;    // same order as scenario.sites
  std::vector<LabPlan> labs;      // same order as scenario.labs
  std::vector<HourLoad> hours;    // hour h covers [60h, 60h + 60)
  std::vector<LabHourLoad> labHours;  // lab-hours with work, by lab then hour
  std::int64_t population = 0;
  std::int64_t tubes = 0;
  int plates = 0;
  double sampleToResultP50Minutes = 0;
  double sampleToResultP99Minutes = 0;
  double sampleToResultMaxMinutes = 0;

  double hoursToComplete() const { return completionMinutes / 60.0; }
  double marginHours() const { return (deadlineMinutes - completionMinutes) / 60.0; }
};

}  // namespace natlims::planner
