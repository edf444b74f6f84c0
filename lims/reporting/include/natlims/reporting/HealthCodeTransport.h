#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/reporting/DeliveryOutcome.h"
#include "natlims/reporting/Endpoint.h"
#include "natlims/reporting/HealthCodeBatch.h"
#include "natlims/reporting/TransportOptions.h"

namespace natlims::reporting {

/// POSTs health-code batches (buildHealthCodeBatch) to healthcode.endpoint, http(s)://...
/// Each batch carries "Idempotency-Key: <batchId>": the server gives a batch its id once and
/// resends it unchanged with the same id, so the receiver can drop a duplicate after a lost
/// answer. Outcomes as FhirHttpTransport: 2xx Delivered; 408/429/5xx/network Transient; other
/// 4xx, 3xx Rejected. Keeps one keep-alive connection; not thread-safe.
class HealthCodeTransport {
 public:
  /// `url` must be http:// or https:// (ReportError, field "healthcode.endpoint", otherwise).
  explicit HealthCodeTransport(std::string_view url, const NetworkOptions& options = {});
  ~HealthCodeTransport();
  HealthCodeTransport(const HealthCodeTransport&) = delete;
  HealthCodeTransport& operator=(const HealthCodeTransport&) = delete;

  /// One attempt with a body built by buildHealthCodeBatch (e.g. as stored by an outbox).
  /// `batchId`: 1..128 printable ASCII characters without blanks (ReportError otherwise).
  /// Id-like tokens in a receiver's answer are masked in the outcome's detail.
  DeliveryOutcome push(std::string_view batchId, const std::string& body);
  /// Builds the batch of `results` (ReportError on a bad row) and pushes it; their names and
  /// numbers are masked in the detail too.
  DeliveryOutcome push(std::string_view batchId, const std::vector<HealthCodeResult>& results,
                       int utcOffsetMinutes = 480);

  const std::string& endpointUrl() const { return _endpoint.url; }

 private:
  class Session;
  DeliveryOutcome post(std::string_view batchId, const std::string& body, const std::vector<std::string>& identities);

  Endpoint _endpoint;
  NetworkOptions _options;
  std::unique_ptr<Session> _session;
};

}  // namespace natlims::reporting
