#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "natlims/reporting/DeliveryOutcome.h"
#include "natlims/reporting/Endpoint.h"
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

  /// One attempt. `batchId`: 1..128 printable ASCII characters (ReportError otherwise).
  DeliveryOutcome push(std::string_view batchId, const std::string& body);

  const std::string& endpointUrl() const { return _endpoint.url; }

 private:
  class Session;
  Endpoint _endpoint;
  NetworkOptions _options;
  std::unique_ptr<Session> _session;
};

}  // namespace natlims::reporting
