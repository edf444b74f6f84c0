#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "natlims/station/JournalEntry.h"
#include "natlims/station/Outcome.h"
#include "natlims/station/Scan.h"

namespace natlims::station {

/// What a scan leads to: the outcome to show and the entries to journal. Nothing is shown as done
/// before the entries are durable; the caller journals them, then apply()s each.
struct Decision {
  Outcome outcome;
  std::vector<JournalEntry> entries;
};

/// The tube being filled.
struct OpenTube {
  std::string code;
  int count = 0;
  std::vector<std::int64_t> registrations;  // active registrations in scan order (seq)
};

/// The box being packed.
struct OpenBox {
  std::string code;
  std::vector<std::string> tubes;
};

struct StationTotals {
  int people = 0;        // registrations that stand (not undone, not refused)
  int tubesClosed = 0;   // tubes closed with at least one person
  int boxesSealed = 0;
  int boxesHandedOver = 0;
  int undone = 0;
  int refusedByServer = 0;
};

/// The station's workflow as a state machine (docs/station.md, "Workflow"). Its journaled state is
/// exactly the fold of apply() over the journal, so a restart (even after kill -9) replays the
/// journal and is where it was. decide() only changes transient state (a person waiting for a
/// tube, an armed re-swab, a pending hand-over), which a crash may lose without harm: none of it
/// has been acknowledged as done.
///
/// Not thread-safe: the screen (or script) thread owns it.
class Workflow {
 public:
  explicit Workflow(int poolSize = 10);

  /// Decides what `scan`, made at `now` (ms since the Unix epoch), does. Commands Reprint and Quit
  /// are answered (reprint names the tube) but carried out by the caller.
  Decision decide(const Scan& scan, std::int64_t now);

  /// Applies one journaled entry (after append(), and for every entry at start-up).
  void apply(const JournalEntry& entry);

  /// Applies the server's final answer to an entry: a refused registration no longer stands (it
  /// leaves the open tube's count and the duplicate check, so the person can be scanned again once
  /// the cause is fixed).
  void applyAnswer(const JournalEntry& answered);

  int poolSize() const { return _poolSize; }
  void setPoolSize(int n) { _poolSize = n; }

  const std::optional<OpenTube>& openTube() const { return _openTube; }
  const std::optional<OpenBox>& openBox() const { return _openBox; }
  const std::vector<std::string>& boxesAwaitingCourier() const { return _awaitingCourier; }
  const StationTotals& totals() const { return _totals; }
  const std::optional<Person>& waitingPerson() const { return _waitingPerson; }
  bool resampleArmed() const { return _resampleArmed; }
  bool courierRequested() const { return _courierRequested; }

  /// The last person registered (masked label, tube, time), for the screen.
  struct LastPerson {
    std::string label;
    std::string tube;
    int position = 0;
    std::int64_t at = 0;
  };
  const std::optional<LastPerson>& lastPerson() const { return _lastPerson; }
  /// The tube most recently closed (for reprint when none is open).
  const std::string& lastClosedTube() const { return _lastClosedTube; }

  /// People per hour over the last hour (at least 5 minutes of span, to avoid wild first figures).
  double peoplePerHour(std::int64_t now) const;

  /// What the operator should do next, as a short line for the screen.
  std::string nextStep() const;

 private:
  struct Registration {
    std::string tube;
    Person person;
    std::string personKey;
    std::string label;
    std::int64_t at = 0;
    bool active = false;
  };

  Decision registerPerson(const Person& p, std::int64_t now);
  Decision scanTube(const std::string& code, std::int64_t now);
  Decision scanBox(const std::string& code, std::int64_t now);
  Decision scanCourier(const std::string& code, std::int64_t now);
  Decision command(Command c, std::int64_t now);
  void deactivate(std::int64_t seq);
  Outcome tubeOutcome(Outcome::Status status, std::string code, std::string message) const;

  int _poolSize;

  // Journaled state (rebuilt by apply()).
  std::optional<OpenTube> _openTube;
  std::optional<OpenBox> _openBox;
  std::map<std::string, int> _closedTubes;             // tube -> count, closed at this station
  std::map<std::string, std::string> _packedTubes;     // tube -> box
  std::set<std::string> _sealedBoxes;
  std::vector<std::string> _awaitingCourier;           // sealed, not yet handed over
  std::unordered_map<std::int64_t, Registration> _registrations;
  std::unordered_map<std::string, std::int64_t> _personRegistered;  // person key -> seq
  std::multiset<std::int64_t> _registrationTimes;      // of standing registrations
  std::optional<LastPerson> _lastPerson;
  std::string _lastClosedTube;
  StationTotals _totals;

  // Transient state (not journaled).
  std::optional<Person> _waitingPerson;
  bool _resampleArmed = false;
  bool _courierRequested = false;
};

}  // namespace natlims::station
