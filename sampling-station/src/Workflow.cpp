#include "natlims/station/Workflow.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "natlims/domain/CodeScheme.h"

namespace natlims::station {

namespace {

using Status = Outcome::Status;

std::string readable(const std::string& code) { return domain::groupCodeForReading(code); }

std::string clock(std::int64_t ms) {
  // Local wall-clock HH:MM for messages.
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
  return buf;
}

Decision refuse(std::string code, std::string message) {
  Decision d;
  d.outcome.status = Status::Refused;
  d.outcome.code = std::move(code);
  d.outcome.message = std::move(message);
  return d;
}

Decision prompt(std::string code, std::string message) {
  Decision d;
  d.outcome.status = Status::Prompt;
  d.outcome.code = std::move(code);
  d.outcome.message = std::move(message);
  return d;
}

JournalEntry entry(EntryKind kind, std::int64_t now) {
  JournalEntry e;
  e.kind = kind;
  e.at = now;
  e.state = isUploaded(kind) ? EntryState::Queued : EntryState::Local;
  return e;
}

}  // namespace

std::string_view outcomeStatusName(Outcome::Status s) {
  switch (s) {
    case Status::Done: return "done";
    case Status::Prompt: return "prompt";
    case Status::Refused: return "refused";
    case Status::Ignored: return "ignored";
  }
  return "?";
}

Workflow::Workflow(int poolSize) : _poolSize(poolSize) {}

Outcome Workflow::tubeOutcome(Status status, std::string code, std::string message) const {
  Outcome o;
  o.status = status;
  o.code = std::move(code);
  o.message = std::move(message);
  o.pool = _poolSize;
  if (_openTube) {
    o.tube = _openTube->code;
    o.count = _openTube->count;
  }
  return o;
}

Decision Workflow::decide(const Scan& scan, std::int64_t now) {
  switch (scan.kind) {
    case ScanKind::Empty: return {};
    case ScanKind::Person: return registerPerson(*scan.person, now);
    case ScanKind::Tube: return scanTube(scan.code, now);
    case ScanKind::Box: return scanBox(scan.code, now);
    case ScanKind::Courier: return scanCourier(scan.code, now);
    case ScanKind::Command: return command(scan.command, now);
    case ScanKind::Invalid:
    case ScanKind::Unrecognised: return refuse(scan.reasonCode, scan.reason);
  }
  return {};
}

Decision Workflow::registerPerson(const Person& p, std::int64_t now) {
  const std::string key = p.key();
  if (auto it = _personRegistered.find(key); it != _personRegistered.end() && !_resampleArmed) {
    const Registration& r = _registrations.at(it->second);
    return refuse("duplicate", p.maskedLabel() + " is already registered in this campaign (tube " + readable(r.tube) +
                                   ", " + clock(r.at) + "): do not swab again; F7 then scan again for a deliberate re-swab");
  }
  if (!_openTube) {
    const bool replaced = _waitingPerson.has_value();
    _waitingPerson = p;
    return prompt("need_tube", p.maskedLabel() + " is waiting: scan a tube to open it" +
                                   std::string(replaced ? " (the previous waiting person was dropped)" : ""));
  }
  Decision d;
  JournalEntry reg = entry(EntryKind::Register, now);
  reg.tube = _openTube->code;
  reg.person = p;
  if (_resampleArmed) {
    reg.resample = true;
    reg.reason = "re-swab requested at the station";
  }
  d.entries.push_back(reg);
  const int count = _openTube->count + 1;
  d.outcome = tubeOutcome(Status::Done, "registered",
                          p.maskedLabel() + " registered in tube " + readable(_openTube->code) + " (" +
                              std::to_string(count) + "/" + std::to_string(_poolSize) + ")" +
                              (reg.resample ? ", re-swab" : ""));
  d.outcome.count = count;
  if (count >= _poolSize) {
    JournalEntry close = entry(EntryKind::CloseTube, now);
    close.tube = _openTube->code;
    close.count = count;
    d.entries.push_back(close);
    d.outcome.code = "registered_tube_closed";
    d.outcome.message += "; tube full and closed: scan the next tube";
  }
  _resampleArmed = false;
  _waitingPerson.reset();
  return d;
}

Decision Workflow::scanTube(const std::string& code, std::int64_t now) {
  if (_openBox) {
    if (_openTube && _openTube->code == code)
      return refuse("tube_open", "tube " + readable(code) + " is still open: close it (F1) before packing it");
    if (auto it = _packedTubes.find(code); it != _packedTubes.end())
      return refuse("tube_already_packed", "tube " + readable(code) + " is already in box " + readable(it->second));
    Decision d;
    JournalEntry pack = entry(EntryKind::PackTube, now);
    pack.tube = code;
    pack.box = _openBox->code;
    d.entries.push_back(pack);
    const bool ours = _closedTubes.count(code) > 0;
    d.outcome.status = Status::Done;
    d.outcome.code = "tube_packed";
    d.outcome.tube = code;
    d.outcome.box = _openBox->code;
    d.outcome.count = static_cast<int>(_openBox->tubes.size()) + 1;
    d.outcome.message = "tube " + readable(code) + " packed in box " + readable(_openBox->code) + " (" +
                        std::to_string(d.outcome.count) + " tubes)" +
                        (ours ? "" : "; not closed at this station: the server checks it is closed");
    return d;
  }
  if (_openTube && _openTube->code == code) {
    Decision d;
    d.outcome = tubeOutcome(Status::Ignored, "tube_already_open", "tube " + readable(code) + " is the open tube");
    return d;
  }
  if (_openTube && _openTube->count > 0)
    return refuse("tube_open", "tube " + readable(_openTube->code) + " is open with " +
                                   std::to_string(_openTube->count) + ": close it first (F1), then scan the new tube");
  if (auto it = _closedTubes.find(code); it != _closedTubes.end())
    return refuse("tube_used", "tube " + readable(code) + " was already closed with " + std::to_string(it->second) +
                                   ": take a new tube");
  if (_packedTubes.count(code)) return refuse("tube_used", "tube " + readable(code) + " is packed: take a new tube");

  Decision d;
  JournalEntry open = entry(EntryKind::OpenTube, now);
  open.tube = code;
  d.entries.push_back(open);
  d.outcome.status = Status::Done;
  d.outcome.code = "tube_opened";
  d.outcome.tube = code;
  d.outcome.pool = _poolSize;
  d.outcome.message = "tube " + readable(code) + " opened (0/" + std::to_string(_poolSize) + ")";
  if (_waitingPerson) {
    // Register the person who was waiting for this tube, in the same transaction.
    const std::optional<OpenTube> saved = _openTube;
    _openTube = OpenTube{code, 0, {}};
    Decision reg = registerPerson(*_waitingPerson, now);
    _openTube = saved;
    for (auto& e : reg.entries) d.entries.push_back(std::move(e));
    d.outcome.code = reg.outcome.code;
    d.outcome.count = reg.outcome.count;
    d.outcome.message = "tube " + readable(code) + " opened; " + reg.outcome.message;
  }
  return d;
}

Decision Workflow::scanBox(const std::string& code, std::int64_t now) {
  if (_sealedBoxes.count(code)) return refuse("box_sealed", "box " + readable(code) + " is already sealed: take a new box");
  if (_openBox) {
    if (_openBox->code == code) {
      Decision d;
      d.outcome.status = Status::Ignored;
      d.outcome.code = "box_already_open";
      d.outcome.box = code;
      d.outcome.message = "packing box " + readable(code) + ": scan closed tubes, F5 seals it";
      return d;
    }
    if (!_openBox->tubes.empty())
      return refuse("box_open", "box " + readable(_openBox->code) + " holds " + std::to_string(_openBox->tubes.size()) +
                                    " tubes: seal it first (F5)");
  }
  Decision d;
  JournalEntry open = entry(EntryKind::OpenBox, now);
  open.box = code;
  d.entries.push_back(open);
  d.outcome.status = Status::Done;
  d.outcome.code = "box_opened";
  d.outcome.box = code;
  d.outcome.message = "packing box " + readable(code) + ": scan closed tubes, F5 seals it";
  return d;
}

Decision Workflow::scanCourier(const std::string& code, std::int64_t now) {
  if (_awaitingCourier.empty()) {
    if (_openBox && !_openBox->tubes.empty())
      return refuse("box_not_sealed", "seal box " + readable(_openBox->code) + " first (F5), then scan the courier");
    return refuse("nothing_to_hand_over", "no sealed box to hand over");
  }
  Decision d;
  for (const auto& box : _awaitingCourier) {
    JournalEntry h = entry(EntryKind::Handover, now);
    h.box = box;
    h.courier = code;
    d.entries.push_back(h);
  }
  d.outcome.status = Status::Done;
  d.outcome.code = "handed_over";
  d.outcome.box = _awaitingCourier.front();
  d.outcome.count = static_cast<int>(_awaitingCourier.size());
  d.outcome.message = std::to_string(_awaitingCourier.size()) + " box(es) handed over to courier " + readable(code) +
                      " at " + clock(now);
  _courierRequested = false;
  return d;
}

Decision Workflow::command(Command c, std::int64_t now) {
  switch (c) {
    case Command::Close: {
      if (!_openTube) return refuse("no_open_tube", "no tube is open");
      Decision d;
      JournalEntry close = entry(EntryKind::CloseTube, now);
      close.tube = _openTube->code;
      close.count = _openTube->count;
      if (close.count == 0) close.state = EntryState::Local;  // nothing to tell the server
      d.entries.push_back(close);
      d.outcome = tubeOutcome(Status::Done, close.count == 0 ? "tube_set_aside" : "tube_closed",
                              close.count == 0 ? "tube " + readable(close.tube) + " set aside unused"
                                               : "tube " + readable(close.tube) + " closed early with " +
                                                     std::to_string(close.count) + "/" + std::to_string(_poolSize) +
                                                     ": scan the next tube");
      return d;
    }
    case Command::Undo: {
      if (_waitingPerson) {
        _waitingPerson.reset();
        return prompt("waiting_cancelled", "the waiting person was dropped");
      }
      if (_resampleArmed) {
        _resampleArmed = false;
        return prompt("resample_cancelled", "re-swab cancelled");
      }
      if (!_openTube || _openTube->registrations.empty())
        return refuse("nothing_to_undo", "nothing to undo: only a registration in the open tube can be undone");
      const std::int64_t last = _openTube->registrations.back();
      const Registration& r = _registrations.at(last);
      Decision d;
      JournalEntry v = entry(EntryKind::Void, now);
      v.ref = last;
      v.tube = r.tube;
      v.person = r.person;
      v.reason = "undone at the station";
      d.entries.push_back(v);
      d.outcome = tubeOutcome(Status::Done, "undone", r.label + " removed from tube " + readable(r.tube));
      d.outcome.count = _openTube->count - 1;
      d.outcome.message += " (" + std::to_string(d.outcome.count) + "/" + std::to_string(_poolSize) + ")";
      return d;
    }
    case Command::Reprint: {
      const std::string tube = _openTube ? _openTube->code : _lastClosedTube;
      if (tube.empty()) return refuse("nothing_to_reprint", "no tube to reprint: scan or open a tube first");
      Decision d;
      d.outcome = tubeOutcome(Status::Done, "reprint", "label of tube " + readable(tube) + " sent to the printer");
      d.outcome.tube = tube;
      return d;
    }
    case Command::Pack:
      if (_openBox)
        return prompt("packing", "packing box " + readable(_openBox->code) + " (" +
                                     std::to_string(_openBox->tubes.size()) + " tubes): scan closed tubes, F5 seals it");
      return prompt("need_box", "scan a box label to start packing");
    case Command::Seal: {
      if (!_openBox) return refuse("no_open_box", "no box is being packed: F4 or scan a box label first");
      if (_openBox->tubes.empty())
        return refuse("box_empty", "box " + readable(_openBox->code) + " is empty: scan closed tubes into it first");
      Decision d;
      JournalEntry seal = entry(EntryKind::SealBox, now);
      seal.box = _openBox->code;
      seal.tubes = _openBox->tubes;
      seal.count = static_cast<int>(seal.tubes.size());
      d.entries.push_back(seal);
      d.outcome.status = Status::Done;
      d.outcome.code = "box_sealed";
      d.outcome.box = seal.box;
      d.outcome.count = seal.count;
      d.outcome.message = "box " + readable(seal.box) + " sealed with " + std::to_string(seal.count) +
                          " tubes: hand it over (F6, then scan the courier)";
      return d;
    }
    case Command::Handover:
      if (_awaitingCourier.empty()) {
        if (_openBox && !_openBox->tubes.empty())
          return refuse("box_not_sealed", "seal box " + readable(_openBox->code) + " first (F5)");
        return refuse("nothing_to_hand_over", "no sealed box to hand over");
      }
      _courierRequested = true;
      return prompt("need_courier", std::to_string(_awaitingCourier.size()) + " sealed box(es): scan the courier's code");
    case Command::Resample:
      _resampleArmed = true;
      return prompt("resample_armed", "re-swab: scan the person again (undo cancels)");
    case Command::Quit: {
      Decision d;
      d.outcome.status = Status::Ignored;
      d.outcome.code = "quit";
      return d;
    }
  }
  return {};
}

void Workflow::apply(const JournalEntry& e) {
  switch (e.kind) {
    case EntryKind::OpenTube:
      _openTube = OpenTube{e.tube, 0, {}};
      break;
    case EntryKind::Register: {
      Registration r;
      r.tube = e.tube;
      if (e.person) r.person = *e.person;
      r.personKey = e.person ? e.person->key() : std::string();
      r.label = e.person ? e.person->maskedLabel() : std::string();
      r.at = e.at;
      r.active = e.state != EntryState::Refused && e.state != EntryState::Skipped;
      _registrations[e.seq] = r;
      if (!r.active) {
        if (e.state == EntryState::Refused) ++_totals.refusedByServer;
        break;
      }
      _personRegistered[r.personKey] = e.seq;
      _registrationTimes.insert(e.at);
      ++_totals.people;
      int position = 0;
      if (_openTube && _openTube->code == e.tube) {
        ++_openTube->count;
        _openTube->registrations.push_back(e.seq);
        position = _openTube->count;
      }
      _lastPerson = LastPerson{r.label, e.tube, position, e.at};
      break;
    }
    case EntryKind::Void: {
      auto it = _registrations.find(e.ref);
      if (it != _registrations.end() && it->second.active) {
        deactivate(e.ref);
        ++_totals.undone;
      }
      break;
    }
    case EntryKind::CloseTube:
      if (_openTube && _openTube->code == e.tube) {
        if (_openTube->count > 0) {
          _closedTubes[e.tube] = _openTube->count;
          ++_totals.tubesClosed;
          _lastClosedTube = e.tube;
        }
        _openTube.reset();
      }
      break;
    case EntryKind::OpenBox:
      _openBox = OpenBox{e.box, {}};
      break;
    case EntryKind::PackTube:
      if (_openBox && _openBox->code == e.box) _openBox->tubes.push_back(e.tube);
      _packedTubes[e.tube] = e.box;
      break;
    case EntryKind::SealBox:
      _sealedBoxes.insert(e.box);
      _awaitingCourier.push_back(e.box);
      ++_totals.boxesSealed;
      if (_openBox && _openBox->code == e.box) _openBox.reset();
      break;
    case EntryKind::Handover:
      if (auto it = std::find(_awaitingCourier.begin(), _awaitingCourier.end(), e.box); it != _awaitingCourier.end()) {
        _awaitingCourier.erase(it);
        ++_totals.boxesHandedOver;
      }
      break;
  }
}

void Workflow::deactivate(std::int64_t seq) {
  Registration& r = _registrations.at(seq);
  r.active = false;
  if (auto it = _personRegistered.find(r.personKey); it != _personRegistered.end() && it->second == seq)
    _personRegistered.erase(it);
  if (auto it = _registrationTimes.find(r.at); it != _registrationTimes.end()) _registrationTimes.erase(it);
  --_totals.people;
  if (_openTube && _openTube->code == r.tube) {
    auto& regs = _openTube->registrations;
    if (auto it = std::find(regs.begin(), regs.end(), seq); it != regs.end()) {
      regs.erase(it);
      --_openTube->count;
    }
  }
}

void Workflow::applyAnswer(const JournalEntry& answered) {
  if (answered.kind != EntryKind::Register || answered.state != EntryState::Refused) return;
  auto it = _registrations.find(answered.seq);
  if (it == _registrations.end() || !it->second.active) return;
  deactivate(answered.seq);
  ++_totals.refusedByServer;
}

double Workflow::peoplePerHour(std::int64_t now) const {
  constexpr std::int64_t kHour = 3600 * 1000;
  constexpr std::int64_t kMinSpan = 5 * 60 * 1000;
  auto from = _registrationTimes.lower_bound(now - kHour);
  const auto n = static_cast<double>(std::distance(from, _registrationTimes.end()));
  if (n == 0) return 0.0;
  const std::int64_t span = std::max(kMinSpan, now - *from);
  return n * static_cast<double>(kHour) / static_cast<double>(std::min(span, kHour));
}

std::string Workflow::nextStep() const {
  if (_courierRequested) return "scan the courier's code";
  if (_waitingPerson) return "scan a tube for the waiting person " + _waitingPerson->maskedLabel();
  if (_resampleArmed) return "re-swab: scan the person";
  if (_openBox)
    return "packing box " + readable(_openBox->code) + " (" + std::to_string(_openBox->tubes.size()) +
           " tubes): scan closed tubes, F5 seal";
  if (!_openTube) return "scan a new tube";
  return "scan the next person";
}

}  // namespace natlims::station
