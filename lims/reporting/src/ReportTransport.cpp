#include "natlims/reporting/ReportTransport.h"

#include "natlims/reporting/Endpoint.h"
#include "natlims/reporting/FhirHttpTransport.h"
#include "natlims/reporting/MllpTransport.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

std::unique_ptr<ReportTransport> makeTransport(std::string_view url, const TransportOptions& options) {
  const EndpointParse parsed = parseEndpoint(url);
  if (!parsed.endpoint) throw ReportError("reporting.endpoint", parsed.error);
  if (parsed.endpoint->scheme == Endpoint::Scheme::Mllp) return std::make_unique<MllpTransport>(url, options);
  return std::make_unique<FhirHttpTransport>(url, options);
}

}  // namespace natlims::reporting
