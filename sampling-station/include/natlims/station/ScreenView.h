#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "natlims/station/Outcome.h"

namespace natlims::station {

/// Everything the operator's screen shows, gathered from the station (identity data already
/// masked). Rendering is a pure function of it, so that tests can check the layout.
struct ScreenView {
  std::string station, operatorName, campaign, clock;

  std::optional<std::string> tube;  // the open tube
  int count = 0;
  int pool = 10;

  std::string lastPersonLabel;  // masked
  std::string lastPersonTube;
  int lastPersonPosition = 0;
  std::string lastPersonTime;

  std::string openBox;  // code of the box being packed
  int openBoxTubes = 0;
  int boxesAwaitingCourier = 0;

  int people = 0, tubesClosed = 0, boxesSealed = 0;
  double peoplePerHour = 0;

  bool online = false;
  std::int64_t queued = 0, sent = 0, refused = 0;
  std::string lastContact;   // "10:42:12" or empty
  std::string syncProblem;   // empty when fine
  int retryInSeconds = 0;

  Outcome::Status messageStatus = Outcome::Status::Ignored;
  std::string message;       // the last scan's outcome
  std::string errorTime;     // when the last error happened
  std::string error;         // the last error, shown in red
  std::string advice;        // what to do about it

  std::string nextStep;
  std::string input;         // what is being typed
};

/// Renders `view` as `height` rows of exactly `width` columns (80x24 at least). With `color`,
/// ANSI SGR sequences colour the title, the outcome and the error (red); without, plain text.
std::vector<std::string> renderScreen(const ScreenView& view, std::size_t width = 80, std::size_t height = 24,
                                      bool color = true);

}  // namespace natlims::station
