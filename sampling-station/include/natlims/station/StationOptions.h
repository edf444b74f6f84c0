#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace natlims::station {

/// The command line of sampling-station (docs/station.md, "Running it"), validated.
struct StationOptions {
  std::string server;               // --server URL (required unless --offline)
  std::string user;                 // --user NAME (required unless --offline)
  std::string station;              // --station ID (required)
  std::int64_t campaign = 0;        // --campaign ID (0: the journal's, or picked on the screen)
  std::string journal;              // --journal FILE; default "station-<ID>.journal"
  std::string script;               // --script FILE
  double simulateRate = 0;          // --simulate RATE (people per hour)
  int people = 0;                   // --people N: stop the simulation after N people (0: run until stopped)
  double speed = 1;                 // --speed X: simulated time runs X times faster (needs --people)
  unsigned seed = 1;                // --seed N: the simulation's random seed
  std::optional<int> poolSize;      // --pool-size N (1..20)
  std::string preRegKey;            // --prereg-key BASE64
  std::string printer;              // --printer HOST:PORT
  std::string labelsPdf;            // --labels-pdf FILE
  bool offline = false;             // --offline: journal only, never contact a server
  std::chrono::milliseconds retryMin{500}, retryMax{30000}, timeout{10000};  // --retry-min/--retry-max/--timeout MS
  int connections = 8;              // --connections N
  int batchSize = 250;              // --batch-size N: registrations per batch request (1: one request each)
  bool help = false;
};

/// Parses argv (without the program name). Throws std::invalid_argument with a one-line reason
/// naming the option on anything wrong.
StationOptions parseStationOptions(const std::vector<std::string>& args);

/// The text printed by --help.
std::string stationUsage();

}  // namespace natlims::station
