#include "outbox/OutboxWorker.h"

#include <algorithm>

#include "Metrics.h"
#include "natlims/reporting/HealthCodeTransport.h"
#include "natlims/reporting/ReportError.h"
#include "natlims/reporting/ReportTransport.h"
#include "outbox/ReportAssembler.h"

namespace natlims::lims {

std::string reportMessageId(const std::string& tube);  // SqliteResults.cpp

namespace {

constexpr int kBatch = 50;
constexpr Millis kMaxBackoff = 5 * 60 * 1000;
constexpr Millis kWarnBefore = 30 * 60 * 1000;

Millis backoff(int attempts, const std::optional<int>& retryAfterSeconds) {
  if (retryAfterSeconds && *retryAfterSeconds > 0) return std::min<Millis>(kMaxBackoff, *retryAfterSeconds * 1000LL);
  return std::min<Millis>(kMaxBackoff, 1000LL << std::min(attempts, 20));
}

OutboxMark markFor(const reporting::DeliveryOutcome& outcome, int attempts, Millis now) {
  OutboxMark m;
  m.at = now;
  m.error = outcome.detail;
  switch (outcome.status) {
    case reporting::DeliveryOutcome::Status::Delivered: m.state = OutboxMark::State::Delivered; break;
    case reporting::DeliveryOutcome::Status::Rejected: m.state = OutboxMark::State::Rejected; break;
    case reporting::DeliveryOutcome::Status::Transient:
      m.state = OutboxMark::State::Retry;
      m.nextAttemptAt = now + backoff(attempts, outcome.retryAfterSeconds);
      break;
  }
  return m;
}

}  // namespace

OutboxWorker::OutboxWorker(Store& store, const instruments::KitRegistry& kits, const ServerConfig& config, Metrics& metrics,
                           Poco::Logger& log)
    : _store(store), _kits(kits), _config(config), _metrics(metrics), _log(log) {}

OutboxWorker::~OutboxWorker() { stop(); }

void OutboxWorker::start() {
  if (!_config.reportingEndpoint.empty()) _reports = reporting::makeTransport(_config.reportingEndpoint);
  if (!_config.healthcodeEndpoint.empty())
    _results = std::make_unique<reporting::HealthCodeTransport>(_config.healthcodeEndpoint);
  _thread = std::thread([this] { run(); });
}

void OutboxWorker::stop() {
  {
    std::lock_guard lock(_mutex);
    _stopping = true;
  }
  _wake.notify_all();
  if (_thread.joinable()) _thread.join();
}

void OutboxWorker::poke() {
  {
    std::lock_guard lock(_mutex);
    _poked = true;
  }
  _wake.notify_all();
}

void OutboxWorker::run() {
  std::unique_lock lock(_mutex);
  while (!_stopping) {
    _poked = false;
    lock.unlock();
    try {
      deliverDue();
      watchDeadlines();
    } catch (const std::exception& e) {
      _log.error("outbox: %s", std::string(e.what()));
    }
    lock.lock();
    _wake.wait_for(lock, std::chrono::milliseconds(500), [this] { return _stopping || _poked; });
  }
}

void OutboxWorker::deliverDue() {
  for (int round = 0; round < 100; ++round) {
    const Millis now = nowMillis();
    const auto due = _store.dueOutbox(now, kBatch);
    std::size_t attempted = 0;
    for (const auto& item : due) {
      {
        std::lock_guard lock(_mutex);
        if (_stopping) return;
      }
      if (item.kind == "report") {
        if (!_reports || !item.resultId) continue;  // no endpoint configured: stays in the outbox
        ++attempted;
        const auto facts = _store.reportFacts(*item.resultId);
        if (!facts) continue;
        reporting::DeliveryOutcome outcome;
        try {
          const auto report = assembleReport(*facts, _kits.find(facts->kitId), reportMessageId(facts->tube), "natlims");
          outcome = _reports->send(report);
        } catch (const reporting::ReportError& e) {
          outcome.status = reporting::DeliveryOutcome::Status::Rejected;
          outcome.detail = std::string("the report cannot be built: ") + e.what();
        }
        if (!outcome.delivered()) _log.warning("outbox: report %s not delivered: %s", item.messageId, outcome.detail);
        _store.markOutbox(item.id, markFor(outcome, item.attempts, nowMillis()));
        _metrics.recordDelivery("report", std::string(reporting::deliveryStatusName(outcome.status)));
      } else if (item.kind == "healthcode") {
        if (!_results) continue;
        ++attempted;
        const auto outcome = _results->push(item.messageId, item.payload);
        if (!outcome.delivered()) _log.warning("outbox: result batch %s not delivered: %s", item.messageId, outcome.detail);
        _store.markOutbox(item.id, markFor(outcome, item.attempts, nowMillis()));
        _metrics.recordDelivery("healthcode", std::string(reporting::deliveryStatusName(outcome.status)));
      }
    }
    if (attempted == 0 || due.size() < static_cast<std::size_t>(kBatch)) return;
  }
}

void OutboxWorker::watchDeadlines() {
  const Millis now = nowMillis();
  if (now - _lastDeadlineCheck < 60'000) return;
  _lastDeadlineCheck = now;
  for (const auto& item : _store.reportsDueBefore(now + kWarnBefore)) {
    if (item.deadline < now) {
      _log.error("ESCALATION: report %s is overdue by %d min (%d attempts)", item.messageId,
                 static_cast<int>((now - item.deadline) / 60000), item.attempts);
      _metrics.recordDelivery("report", "overdue");
    } else {
      _log.warning("report %s is due in %d min and not delivered yet", item.messageId,
                   static_cast<int>((item.deadline - now) / 60000));
    }
  }
}

}  // namespace natlims::lims
