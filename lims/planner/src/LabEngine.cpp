#include "LabEngine.h"

#include <algorithm>
#include <cmath>

namespace natlims::planner {

namespace {
constexpr double kEps = 1e-9;
}

LabEngine::LabEngine(const LabSetup& setup, LabHooks& hooks) : _setup(setup), _hooks(hooks) {}

void LabEngine::schedule(double t, Kind kind, std::int32_t a, std::int32_t b) {
  _events.push(Event{t, _seq++, kind, a, b});
}

bool LabEngine::openNow(double t) {
  if (_setup.hours->isOpen(t)) return true;
  if (!_opensScheduled) {
    _opensScheduled = true;
    schedule(_setup.hours->nextOpen(t), Kind::Opens);
  }
  return false;
}

LabTally LabEngine::run(std::vector<Lot> arrivals) {
  _tally = LabTally{};
  _lots = std::move(arrivals);
  _plates.clear();
  _parts.clear();
  _plateRetests.clear();
  _events = {};
  _seq = 0;
  const auto ranks = static_cast<std::size_t>(_setup.priorityGroups) + 2;
  _queues.assign(ranks, {});
  _waiting.assign(ranks, 0);
  _waitingTotal = _routineReceived = _routineExpected = 0;
  _ready.assign(ranks, {});
  _readyCount = 0;
  _pending = 0;
  _freeInstruments.clear();
  for (int i = _setup.instruments - 1; i >= 0; --i) _freeInstruments.push_back(i);
  _lastOnInstrument.assign(static_cast<std::size_t>(_setup.instruments), -1);
  _reviewFirst.clear();
  _reviewLater.clear();
  _freeReviewers.clear();
  for (int i = _setup.reviewers - 1; i >= 0; --i) _freeReviewers.push_back(i);
  _reviewerBusyUntil.assign(static_cast<std::size_t>(_setup.reviewers), 0.0);
  _fillCheckAt = -1;
  _opensScheduled = false;

  for (std::size_t i = 0; i < _lots.size(); ++i) {
    if (_lots[i].tubes <= 0) continue;
    if (!_lots[i].urgent) _routineExpected += _lots[i].tubes;
    schedule(_lots[i].arrivesAt, Kind::Arrival, static_cast<std::int32_t>(i));
  }
  while (!_events.empty()) {
    const Event e = _events.top();
    _events.pop();
    switch (e.kind) {
      case Kind::Arrival: arrive(e.t, e.a); break;
      case Kind::FillCheck:
        if (std::fabs(e.t - _fillCheckAt) < kEps) _fillCheckAt = -1;
        tryForm(e.t);
        break;
      case Kind::ExtractionDone:
        _ready[static_cast<std::size_t>(_plates[static_cast<std::size_t>(e.a)].rank)].push_back(e.a);
        ++_readyCount;
        tryStart(e.t);
        break;
      case Kind::RunDone: runDone(e.t, e.a); break;
      case Kind::ReviewDone: reviewDone(e.t, e.a, e.b); break;
      case Kind::Opens:
        _opensScheduled = false;
        tryForm(e.t);
        tryStart(e.t);
        tryReview(e.t);
        break;
    }
  }
  return _tally;
}

std::size_t LabEngine::rankOf(const Lot& lot) const {
  if (lot.urgent) return 0;
  return static_cast<std::size_t>(std::clamp<int>(lot.group, 0, _setup.priorityGroups)) + 1;
}

// Most urgent first, except that whatever has waited a whole turnaround (extraction and run)
// goes first, oldest first: retests never starve first-test tubes for long.
std::size_t LabEngine::nextQueue(double t) const {
  std::size_t best = _queues.size();
  double oldest = 0;
  for (std::size_t r = 0; r < _queues.size(); ++r) {
    if (_queues[r].empty()) continue;
    const double since = _lots[static_cast<std::size_t>(_queues[r].front().lot)].receivedAt;
    if (since + aging() <= t + 1e-9 && (best == _queues.size() || since < oldest)) {
      best = r;
      oldest = since;
    }
  }
  if (best < _queues.size()) return best;
  for (std::size_t r = 0; r < _queues.size(); ++r)
    if (!_queues[r].empty()) return r;
  return 0;
}

std::size_t LabEngine::nextReady(double t) const {
  std::size_t best = _ready.size();
  double oldest = 0;
  for (std::size_t r = 0; r < _ready.size(); ++r) {
    if (_ready[r].empty()) continue;
    const double since = _plates[static_cast<std::size_t>(_ready[r].front())].readyAt;
    if (since + aging() <= t + 1e-9 && (best == _ready.size() || since < oldest)) {
      best = r;
      oldest = since;
    }
  }
  if (best < _ready.size()) return best;
  for (std::size_t r = 0; r < _ready.size(); ++r)
    if (!_ready[r].empty()) return r;
  return 0;
}

void LabEngine::arrive(double t, std::int32_t index) {
  // A closed lab receives its boxes when it opens.
  if (!_setup.hours->isOpen(t)) {
    schedule(_setup.hours->nextOpen(t), Kind::Arrival, index);
    return;
  }
  Lot& lot = _lots[static_cast<std::size_t>(index)];
  lot.receivedAt = t;
  ++_tally.deliveries;
  const std::size_t rank = rankOf(lot);
  _queues[rank].push_back({index, 0});
  _waiting[rank] += lot.tubes;
  _waitingTotal += lot.tubes;
  if (lot.urgent) {
    _tally.retestTubes += lot.tubes;
  } else {
    _routineReceived += lot.tubes;
    _tally.routineTubes += lot.tubes;
  }
  tryForm(t);
}

void LabEngine::tryForm(double t) {
  if (waiting() == 0 || !openNow(t)) return;
  const std::int64_t& everyone = _waiting.back();
  // Plates are extracted only as far ahead as the instruments need them, so that tubes arriving
  // later with a higher priority still go first.
  const auto ahead = static_cast<std::int32_t>(
      _setup.instruments * (std::ceil(_setup.extractionMinutes / std::max(1e-9, _setup.runMinutes)) + 1));
  while (waiting() > 0 && _pending < ahead) {
    bool form = waiting() >= _setup.perPlate ||
                (waiting() > _waiting.front() && _routineReceived >= _routineExpected);
    if (!form) {
      // A partial plate only for an instrument that would otherwise stand idle: at once for
      // retests and priority groups, after the oldest other tube waited long enough for more
      // to come. Otherwise they go first on the next plate.
      const auto idle = static_cast<std::int32_t>(_freeInstruments.size()) - _pending;
      if (idle <= 0) return;
      if (waiting() > everyone) {
        formPlate(t);
        continue;
      }
      const double due = _lots[static_cast<std::size_t>(_queues.back().front().lot)].receivedAt + _setup.fillWaitMinutes;
      if (t + kEps < due) {
        if (std::fabs(_fillCheckAt - due) > kEps) {
          _fillCheckAt = due;
          schedule(due, Kind::FillCheck);
        }
        return;
      }
      form = true;
    }
    formPlate(t);
  }
}

void LabEngine::formPlate(double t) {
  const auto plateIndex = static_cast<std::int32_t>(_plates.size());
  PlateRecord plate;
  plate.formedAt = t;
  plate.rank = -1;
  plate.partsBegin = static_cast<std::int32_t>(_parts.size());
  _plateRetests.emplace_back();
  std::int32_t room = _setup.perPlate;
  double lastRoutineReceipt = -1;
  PartOutcome outcome;
  while (room > 0 && _waitingTotal > 0) {
    const std::size_t rank = nextQueue(t);
    auto* queue = &_queues[rank];
    {
      Waiting& w = queue->front();
      const Lot& lot = _lots[static_cast<std::size_t>(w.lot)];
      const std::int32_t count = std::min(room, lot.tubes - w.offset);
      _parts.push_back({w.lot, w.offset, count});
      const auto r = static_cast<std::int16_t>(rank);
      plate.rank = plate.rank < 0 ? r : std::min(plate.rank, r);
      outcome.positives = 0;
      outcome.retests.clear();
      _hooks.outcome(lot, w.offset, count, outcome);
      plate.expectedPositives += count * lot.positiveRate;
      if (lot.urgent) {
        plate.urgent = true;
        plate.confirmed += outcome.positives;
        _tally.confirmedPositives += outcome.positives;
      } else {
        plate.routineTubes += count;
        plate.positivePools += outcome.positives;
        _tally.positivePools += outcome.positives;
        if (lot.receivedAt >= lastRoutineReceipt) {
          lastRoutineReceipt = lot.receivedAt;
          plate.triggerLot = w.lot;
        }
        for (auto& r2 : outcome.retests) _plateRetests.back().push_back(std::move(r2));
      }
      plate.tubes += count;
      _waiting[rank] -= count;
      _waitingTotal -= count;
      room -= count;
      w.offset += count;
      if (w.offset >= lot.tubes) queue->pop_front();
    }
  }
  plate.partsEnd = static_cast<std::int32_t>(_parts.size());

  plate.readyAt = t + _hooks.extraction(_setup.extractionMinutes);
  _plates.push_back(plate);
  ++_pending;
  schedule(plate.readyAt, Kind::ExtractionDone, plateIndex);
}

void LabEngine::tryStart(double t) {
  if (_readyCount == 0 || _freeInstruments.empty() || !openNow(t)) return;
  while (!_freeInstruments.empty() && _readyCount > 0) {
    auto& queue = _ready[nextReady(t)];
    const std::int32_t index = queue.front();
    queue.pop_front();
    --_readyCount;
    const std::int32_t instrument = _freeInstruments.back();
    _freeInstruments.pop_back();
    PlateRecord& plate = _plates[static_cast<std::size_t>(index)];
    plate.runStart = t;
    plate.instrument = instrument;
    plate.previousOnInstrument = _lastOnInstrument[static_cast<std::size_t>(instrument)];
    _lastOnInstrument[static_cast<std::size_t>(instrument)] = index;
    --_pending;
    _tally.firstRunStart = std::min(_tally.firstRunStart, t);
    ++_tally.runs;
    const double duration = _hooks.run(_setup.runMinutes);
    _tally.busyMinutes += duration;
    schedule(t + duration, Kind::RunDone, index);
  }
  tryForm(t);
}

double LabEngine::positiveWaitAt(double t) const {
  // A plate holding a positive goes to the head of the review queue: it waits only for the
  // first reviewer to come free (and for the lab to open).
  double freeAt = t;
  if (_freeReviewers.empty() || !_reviewFirst.empty()) {
    freeAt = *std::min_element(_reviewerBusyUntil.begin(), _reviewerBusyUntil.end());
    if (freeAt < t) freeAt = t;
  }
  return _setup.hours->nextOpen(freeAt) - t;
}

void LabEngine::runDone(double t, std::int32_t index) {
  PlateRecord& plate = _plates[static_cast<std::size_t>(index)];
  plate.runEnd = t;
  _freeInstruments.push_back(plate.instrument);
  plate.positiveWait = positiveWaitAt(t);
  if (!plate.urgent) {
    for (std::int32_t p = plate.partsBegin; p < plate.partsEnd; ++p) {
      const Lot& lot = _lots[static_cast<std::size_t>(_parts[static_cast<std::size_t>(p)].lot)];
      if (!lot.urgent) _tally.maxTurnaround = std::max(_tally.maxTurnaround, t - lot.receivedAt);
    }
  }
  (plate.positivePools > 0 || plate.urgent ? _reviewFirst : _reviewLater).push_back(index);
  tryReview(t);
  tryStart(t);
  tryForm(t);
}

void LabEngine::tryReview(double t) {
  if (_reviewFirst.empty() && _reviewLater.empty()) return;
  if (_freeReviewers.empty() || !openNow(t)) return;
  while (!_freeReviewers.empty() && !(_reviewFirst.empty() && _reviewLater.empty())) {
    auto& queue = _reviewFirst.empty() ? _reviewLater : _reviewFirst;
    const std::int32_t index = queue.front();
    queue.pop_front();
    const std::int32_t reviewer = _freeReviewers.back();
    _freeReviewers.pop_back();
    PlateRecord& plate = _plates[static_cast<std::size_t>(index)];
    plate.reviewStart = t;
    if (plate.positivePools + plate.confirmed > 0) plate.positiveWait = t - plate.runEnd;
    const double duration = _hooks.review(_setup.reviewMinutes);
    _reviewerBusyUntil[static_cast<std::size_t>(reviewer)] = t + duration;
    schedule(t + duration, Kind::ReviewDone, index, reviewer);
  }
}

void LabEngine::reviewDone(double t, std::int32_t index, std::int32_t reviewer) {
  _freeReviewers.push_back(reviewer);
  PlateRecord& plate = _plates[static_cast<std::size_t>(index)];
  plate.releasedAt = t;
  ++_tally.releases;
  const double reportDelay = t + _setup.reportMinutes - plate.runEnd;
  for (std::int32_t p = plate.partsBegin; p < plate.partsEnd; ++p) {
    const PlatePart part = _parts[static_cast<std::size_t>(p)];
    const Lot& lot = _lots[static_cast<std::size_t>(part.lot)];
    _hooks.released(lot, part.offset, part.count, t);
  }
  if (plate.routineTubes > 0) _tally.lastRoutineRelease = std::max(_tally.lastRoutineRelease, t);
  if (plate.urgent) _tally.lastRetestRelease = std::max(_tally.lastRetestRelease, t);
  // Positives: pools found by the first test, people confirmed by their retest.
  for (std::int32_t r = 0; r < plate.positivePools; ++r) _tally.reportDelays.push_back(reportDelay);
  for (std::int32_t c = 0; c < plate.confirmed; ++c) _tally.retestReportDelays.push_back(reportDelay);
  auto retests = std::move(_plateRetests[static_cast<std::size_t>(index)]);
  for (auto& lot : retests) {
    lot.arrivesAt = t + _hooks.retestDelay(lot.site);
    lot.urgent = true;
    ++_tally.retestLots;
    _lots.push_back(std::move(lot));
    schedule(_lots.back().arrivesAt, Kind::Arrival, static_cast<std::int32_t>(_lots.size() - 1));
  }
  tryReview(t);
}

}  // namespace natlims::planner
