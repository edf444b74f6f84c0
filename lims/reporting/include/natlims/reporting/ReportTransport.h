#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/reporting/DeliveryOutcome.h"
#include "natlims/reporting/PositiveReport.h"
#include "natlims/reporting/TransportOptions.h"

namespace natlims::reporting {

/// A report rendered for one transport: the exact bytes to send, and the key the receiver knows
/// it by (HL7 MSH-10 or the Bundle id). An outbox may store it and deliver the same bytes at
/// every retry.
struct RenderedReport {
  std::string payload;
  std::string contentType;  // "x-application/hl7-v2+er7" or "application/fhir+json"
  std::string deliveryKey;  // hl7ControlId(...) or fhirBundleId(...)
  /// The identity numbers and names inside the payload (not sent): masked wherever a receiver's
  /// answer echoes them into DeliveryOutcome::detail. Id-like tokens are masked even without it.
  std::vector<std::string> identities;
};

/// Sends positive reports to public health. One per endpoint; not thread-safe (an outbox worker
/// owns one). Implementations: MllpTransport (HL7 v2.5.1 over MLLP), FhirHttpTransport (FHIR R4
/// Bundle over HTTP(S)).
class ReportTransport {
 public:
  virtual ~ReportTransport() = default;

  /// The message of `report` in this transport's format. Throws ReportError on a bad report.
  virtual RenderedReport render(const PositiveReport& report) const = 0;
  /// One delivery attempt of rendered bytes; never throws for network or receiver trouble (the
  /// outcome says what happened).
  virtual DeliveryOutcome deliver(const RenderedReport& rendered) = 0;
  /// render + deliver.
  virtual DeliveryOutcome send(const PositiveReport& report) = 0;
  /// The endpoint URL, for logs.
  virtual const std::string& endpointUrl() const = 0;
};

/// The transport for an endpoint URL: mllp://host:port gives an MllpTransport, http(s)://... a
/// FhirHttpTransport. Throws ReportError (field "reporting.endpoint") for any other URL.
std::unique_ptr<ReportTransport> makeTransport(std::string_view url, const TransportOptions& options = {});

}  // namespace natlims::reporting
