#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <queue>
#include <vector>

#include "Lot.h"
#include "OpeningHours.h"

namespace natlims::planner {

/// Where the planner and the simulator differ inside a lab: durations (means or random draws),
/// which tubes are positive (expected numbers or drawn ones), and what happens to results.
class LabHooks {
 public:
  virtual ~LabHooks() = default;
  virtual double extraction(double mean) = 0;
  virtual double run(double mean) = 0;
  virtual double review(double mean) = 0;
  /// From the release of a positive pool to the arrival of its people's retest tubes (report,
  /// recall, re-swab, transport).
  virtual double retestDelay(int site) = 0;
  /// Decides the positives among `count` tubes of `lot` from `offset` when they go on a plate.
  virtual void outcome(const Lot& lot, std::int32_t offset, std::int32_t count, PartOutcome& out) = 0;
  /// `count` tubes of `lot` from `offset` were released at `at`.
  virtual void released(const Lot& lot, std::int32_t offset, std::int32_t count, double at) = 0;
};

/// A lab's fixed figures for one run of the engine.
struct LabSetup {
  int instruments = 1;
  int reviewers = 1;
  int perPlate = 94;
  double extractionMinutes = 60;
  double runMinutes = 100;
  double reviewMinutes = 5;
  double reportMinutes = 15;
  double fillWaitMinutes = 30;
  int priorityGroups = 0;               // lots of group < this go before everyone's, in group order
  const OpeningHours* hours = nullptr;  // the lab's hours (never null)
};

/// One plate's journey through the lab.
struct PlateRecord {
  double formedAt = 0, readyAt = 0, runStart = 0, runEnd = 0, reviewStart = 0, releasedAt = 0;
  double positiveWait = 0;       // from run end until a reviewer took (or would take) a positive
  double expectedPositives = 0;  // planner: sum of tubes * positive rate on the plate
  std::int32_t tubes = 0, routineTubes = 0;
  std::int32_t positivePools = 0;  // first-test tubes found positive
  std::int32_t confirmed = 0;      // retest tubes found positive
  std::int32_t partsBegin = 0, partsEnd = 0;
  std::int32_t triggerLot = -1;  // the last routine lot received among its tubes
  std::int32_t instrument = -1, previousOnInstrument = -1;
  bool urgent = false;     // holds retests
  std::int16_t rank = 0;   // its most urgent tubes' rank: retests 0, priority groups, everyone
};

struct PlatePart {
  std::int32_t lot = 0, offset = 0, count = 0;
};

struct LabTally {
  double lastRoutineRelease = 0;
  double lastRetestRelease = 0;
  double firstRunStart = std::numeric_limits<double>::infinity();
  double busyMinutes = 0;
  double maxTurnaround = 0;      // receipt to run end, first-test tubes
  std::int64_t routineTubes = 0, retestTubes = 0;
  std::int64_t positivePools = 0, confirmedPositives = 0, retestLots = 0;
  std::int64_t deliveries = 0, runs = 0, releases = 0;
  std::vector<double> reportDelays;        // actual positive pools: run end to report
  std::vector<double> retestReportDelays;  // actual confirmed positives
};

/// A discrete-event model of one lab:
///  - receipt, at the next opening when a box arrives while the lab is closed;
///  - plates filled most urgent first: retests, then each priority group in order, then everyone;
///    a plate is formed when full, when the last first-test tubes have arrived (the lab knows its
///    manifest), or for an instrument that is idle and unclaimed: at once for retests and priority
///    groups, after `fillWaitMinutes` for the others;
///  - extraction (a latency), but no more plates formed ahead of the instruments than they need:
///    instruments * (ceil(extraction / run) + 1);
///  - runs on free instruments, most urgent plates first;
///  - tubes and plates that waited a whole turnaround (extraction + run) go first, oldest first,
///    so that retests never starve first-test tubes for long;
///  - review by free reviewers (plates with positives or retests first), release, reports, recall
///    and retests.
/// Extractions, runs and reviews start only while the lab is open; started ones finish.
class LabEngine {
 public:
  LabEngine(const LabSetup& setup, LabHooks& hooks);

  /// Processes all arrivals (any order) and the retests they cause until the lab is idle. The lab
  /// knows its manifest: once all first-test tubes are in, the last partial plate runs at once.
  LabTally run(std::vector<Lot> arrivals);

  const std::vector<Lot>& lots() const { return _lots; }
  const std::vector<PlateRecord>& plates() const { return _plates; }
  const std::vector<PlatePart>& parts() const { return _parts; }

 private:
  enum class Kind : std::uint8_t { Arrival, FillCheck, ExtractionDone, RunDone, ReviewDone, Opens };
  struct Event {
    double t;
    std::uint64_t seq;
    Kind kind;
    std::int32_t a;
    std::int32_t b;
    bool operator>(const Event& o) const { return t > o.t || (t == o.t && seq > o.seq); }
  };
  struct Waiting {
    std::int32_t lot;
    std::int32_t offset;
  };

  void schedule(double t, Kind kind, std::int32_t a = 0, std::int32_t b = 0);
  bool openNow(double t);
  void arrive(double t, std::int32_t lot);
  void tryForm(double t);
  void formPlate(double t);
  void tryStart(double t);
  void runDone(double t, std::int32_t plate);
  void tryReview(double t);
  void reviewDone(double t, std::int32_t plate, std::int32_t reviewer);
  double positiveWaitAt(double t) const;

  LabSetup _setup;
  LabHooks& _hooks;
  LabTally _tally;
  std::vector<Lot> _lots;
  std::vector<PlateRecord> _plates;
  std::vector<PlatePart> _parts;
  std::vector<std::vector<Lot>> _plateRetests;  // per plate, the retest lots its positives cause
  std::priority_queue<Event, std::vector<Event>, std::greater<>> _events;
  std::uint64_t _seq = 0;
  // Waiting tubes by rank: 0 retests, 1.. priority groups in order, last everyone else.
  std::size_t rankOf(const Lot& lot) const;
  std::int64_t waiting() const { return _waitingTotal; }
  std::vector<std::deque<Waiting>> _queues;
  std::vector<std::int64_t> _waiting;
  std::int64_t _waitingTotal = 0;
  std::int64_t _routineExpected = 0, _routineReceived = 0;
  // Extracted plates waiting for an instrument, by rank, each in order of readiness.
  std::vector<std::deque<std::int32_t>> _ready;
  std::int64_t _readyCount = 0;
  // The queue (of tubes, of extracted plates) to serve next at t.
  std::size_t nextQueue(double t) const;
  std::size_t nextReady(double t) const;
  double aging() const { return _setup.extractionMinutes + _setup.runMinutes; }
  std::int32_t _pending = 0;                             // formed plates not yet running
  std::vector<std::int32_t> _freeInstruments, _lastOnInstrument;
  std::deque<std::int32_t> _reviewFirst, _reviewLater;
  std::vector<std::int32_t> _freeReviewers;
  std::vector<double> _reviewerBusyUntil;
  double _fillCheckAt = -1;
  bool _opensScheduled = false;
};

}  // namespace natlims::planner
