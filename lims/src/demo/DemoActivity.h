#pragma once

#include <Poco/Logger.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/DemoTown.h"

namespace natlims::lims {

/// Keeps the demo town's round moving: simulated sampling stations register residents into
/// pooled tubes, tubes are boxed and handed to couriers, boxes reach the lab, plates are laid
/// out, runs "finish" with a few positive pools, reviewers release them and recalled people are
/// re-sampled into single tubes. Everything goes through the server's own HTTP API, as the real
/// clients do, so the dashboard shows exactly what real traffic would produce.
class DemoActivity {
 public:
  DemoActivity(std::string baseUrl, std::vector<DemoCredential> users, std::vector<PersonRow> residents,
               double peoplePerMinute, Poco::Logger& log);
  ~DemoActivity();
  DemoActivity(const DemoActivity&) = delete;
  DemoActivity& operator=(const DemoActivity&) = delete;

  void start();
  /// Stops the simulation thread (waits for the step in progress).
  void stop();

 private:
  void run();

  std::string _baseUrl;
  std::vector<DemoCredential> _users;
  std::vector<PersonRow> _residents;
  double _peoplePerMinute;
  Poco::Logger& _log;
  std::mutex _mutex;
  std::condition_variable _wake;
  bool _stopping = false;  // guarded by _mutex
  std::thread _thread;
};

}  // namespace natlims::lims
