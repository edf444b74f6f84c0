#include "natlims/reporting/FhirHttpTransport.h"

#include "HttpChannel.h"
#include "IdentityScrub.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

FhirHttpTransport::FhirHttpTransport(std::string_view url, const TransportOptions& options) : _options(options) {
  EndpointParse parsed = parseEndpoint(url);
  if (!parsed.endpoint) throw ReportError("reporting.endpoint", parsed.error);
  if (parsed.endpoint->scheme == Endpoint::Scheme::Mllp)
    throw ReportError("reporting.endpoint", "a FHIR transport needs http:// or https://");
  _endpoint = std::move(*parsed.endpoint);
}

RenderedReport FhirHttpTransport::render(const PositiveReport& report) const {
  RenderedReport rendered;
  rendered.payload = fhirBundleJson(report, _options.fhir);
  rendered.contentType = "application/fhir+json; charset=utf-8";
  rendered.deliveryKey = fhirBundleId(report.messageId, report.version);
  rendered.identities = detail::reportIdentities(report);
  return rendered;
}

DeliveryOutcome FhirHttpTransport::send(const PositiveReport& report) { return deliver(render(report)); }

// A fresh channel per delivery: reports are rare, and a connection kept between them would
// mostly be found closed by the receiver.
DeliveryOutcome FhirHttpTransport::deliver(const RenderedReport& rendered) {
  detail::HttpChannel channel(_endpoint, _options.network);
  detail::HttpPost post;
  post.body = rendered.payload;
  post.contentType = rendered.contentType;
  post.accept = "application/fhir+json";
  post.idempotencyKey = rendered.deliveryKey;
  return channel.post(post, rendered.identities);
}

}  // namespace natlims::reporting
