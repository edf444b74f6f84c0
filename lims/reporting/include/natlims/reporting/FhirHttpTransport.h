#pragma once

#include <string>

#include "natlims/reporting/Endpoint.h"
#include "natlims/reporting/ReportTransport.h"

namespace natlims::reporting {

/// A FHIR R4 transaction Bundle POSTed to http(s)://... (the FHIR server's base URL, or
/// whatever path the authority gives). Headers: Content-Type and Accept application/fhir+json,
/// Idempotency-Key = the Bundle id, Authorization: Bearer when configured.
///
/// Outcome (the same table for every HTTP transport here): 2xx Delivered; 408, 429, 5xx,
/// refused or lost connections and timeouts Transient; other 4xx and 3xx (redirects are not
/// followed: a moved endpoint is a configuration matter) Rejected, detail quoting the answer
/// (an OperationOutcome's diagnostics when it is one).
class FhirHttpTransport : public ReportTransport {
 public:
  /// `url` must be http:// or https:// (ReportError otherwise).
  FhirHttpTransport(std::string_view url, const TransportOptions& options = {});

  RenderedReport render(const PositiveReport& report) const override;
  DeliveryOutcome deliver(const RenderedReport& rendered) override;
  DeliveryOutcome send(const PositiveReport& report) override;
  const std::string& endpointUrl() const override { return _endpoint.url; }

 private:
  Endpoint _endpoint;
  TransportOptions _options;
};

}  // namespace natlims::reporting
