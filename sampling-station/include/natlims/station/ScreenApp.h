#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "natlims/station/KeyDecoder.h"
#include "natlims/station/ScreenView.h"
#include "natlims/station/Simulator.h"
#include "natlims/station/Station.h"
#include "natlims/station/Terminal.h"

namespace natlims::station {

/// The full-screen operator interface: reads keys and scanner lines from the terminal, hands each
/// line to the station, and redraws the screen (at most every event, at least every second).
/// Refusals, local or from the server, ring the bell and stay on screen in red until the next one.
class ScreenApp {
 public:
  ScreenApp(Station& station, Terminal& terminal, const std::atomic<bool>& stop);

  /// Runs until F10 / "quit" or `stop`. With a simulator, it types the simulated operator's scans
  /// (at `ratePerHour` people per hour of the station's clock, `speed` times real time) while the
  /// keyboard still works. Returns the exit status (0).
  int run(Simulator* simulator = nullptr, double ratePerHour = 0, double speed = 1);

 private:
  void submit(const std::string& line);
  void onKey(const KeyEvent& ev);
  void showNotices();
  void draw();
  ScreenView view() const;

  Station& _station;
  Terminal& _terminal;
  const std::atomic<bool>& _stop;
  KeyDecoder _keys;
  std::string _input;
  Outcome _last;
  std::string _error, _advice, _errorTime;
  bool _quit = false;
  Simulator* _simulator = nullptr;
};

}  // namespace natlims::station
