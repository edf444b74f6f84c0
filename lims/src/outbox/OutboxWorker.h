#pragma once

#include <Poco/Logger.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "natlims/instruments/KitRegistry.h"
#include "natlims/lims/ServerConfig.h"
#include "natlims/lims/Store.h"

namespace natlims::reporting {
class ReportTransport;
class HealthCodeTransport;
}  // namespace natlims::reporting

namespace natlims::lims {

class Metrics;

/// Delivers the outbox: positive reports to reporting.endpoint (HL7 v2.5.1 over MLLP or a FHIR
/// Bundle over HTTP(S)) and result batches to healthcode.endpoint. A message is marked delivered
/// only after the receiver acknowledged it; a transient failure is retried with exponential
/// back-off (1 s doubling to 5 min, or the receiver's Retry-After); a refusal is kept for a
/// person and logged. Message ids are stable, so a message re-sent after a crash between the
/// receiver's acknowledgement and our mark is recognised by the receiver as the same one.
/// Undelivered reports 30 minutes before their SLA deadline are warned about, overdue ones
/// escalated (logged as errors, counted in /metrics).
class OutboxWorker {
 public:
  OutboxWorker(Store& store, const instruments::KitRegistry& kits, const ServerConfig& config, Metrics& metrics,
               Poco::Logger& log);
  ~OutboxWorker();
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  void start();
  void stop();
  /// Looks at the outbox now (after a release) instead of at the next tick.
  void poke();

 private:
  void run();
  void deliverDue();
  void watchDeadlines();

  Store& _store;
  const instruments::KitRegistry& _kits;
  const ServerConfig& _config;
  Metrics& _metrics;
  Poco::Logger& _log;
  std::unique_ptr<reporting::ReportTransport> _reports;      // worker thread only
  std::unique_ptr<reporting::HealthCodeTransport> _results;  // worker thread only
  std::mutex _mutex;
  std::condition_variable _wake;
  bool _stopping = false;  // guarded by _mutex
  bool _poked = false;     // guarded by _mutex
  std::thread _thread;
  Millis _lastDeadlineCheck = 0;
};

}  // namespace natlims::lims
