#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <string>

#include "natlims/station/Station.h"

namespace natlims::station {

struct SimulateSettings {
  double ratePerHour = 150;  // people per hour
  int people = 0;            // stop after this many (0: until stopped)
  unsigned seed = 1;
  int tubesPerBox = 5;       // pack and hand over after this many closed tubes
};

/// A simulated operator for the demo and load tests: realistic people (valid resident IDs with
/// names, as an ID-card reader sends them) at a steady rate, an occasional misread card (rescanned)
/// and an occasional person scanned twice; tubes from the station's code stock, closed at the pool
/// size (the last one early), packed into boxes of `tubesPerBox` tubes, sealed and handed over.
/// It produces the same scan lines an operator would, so it drives the real station.
class Simulator {
 public:
  explicit Simulator(SimulateSettings settings);

  /// The next line to scan given the station's state, or std::nullopt when it must wait (no tube
  /// code in stock yet) or is finished (finished() then says so).
  std::optional<std::string> next(Station& station);
  /// Tells the simulator what a scan did (closed tubes are remembered for packing).
  void observe(const Outcome& o);
  /// True when the next line is a person (paced at the rate) rather than a tube, box or command.
  bool nextIsPerson(const Station& station) const;
  bool finished() const { return _finished; }
  int peopleDone() const { return _peopleDone; }

 private:
  std::string newPerson();
  std::string residentId();
  std::string personName();

  SimulateSettings _settings;
  std::mt19937_64 _rng;
  std::set<std::string> _used;
  std::string _previousPerson;
  std::optional<std::string> _retype;  // the correct scan after a misread
  std::deque<std::string> _toPack;     // closed tubes not yet packed
  int _peopleDone = 0;
  bool _finished = false;
};

/// --simulate: runs the simulator against the station in real time (scaled by the station's
/// clock), writing JSON outcome lines to `out`; with settings.people > 0 it then waits for the
/// upload like --script and returns the same exit statuses. `stop` ends it early (status 3 when
/// something is still queued).
int runSimulation(Station& station, const SimulateSettings& settings, double speed, std::ostream& out,
                  const std::atomic<bool>& stop);

}  // namespace natlims::station
