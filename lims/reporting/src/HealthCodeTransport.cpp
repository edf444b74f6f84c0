#include "natlims/reporting/HealthCodeTransport.h"

#include "HttpChannel.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

class HealthCodeTransport::Session : public detail::HttpChannel {
 public:
  using detail::HttpChannel::HttpChannel;
};

HealthCodeTransport::HealthCodeTransport(std::string_view url, const NetworkOptions& options) : _options(options) {
  EndpointParse parsed = parseEndpoint(url);
  if (!parsed.endpoint) throw ReportError("healthcode.endpoint", parsed.error);
  if (parsed.endpoint->scheme == Endpoint::Scheme::Mllp)
    throw ReportError("healthcode.endpoint", "the health-code push needs http:// or https://");
  _endpoint = std::move(*parsed.endpoint);
  _session = std::make_unique<Session>(_endpoint, _options);
}

HealthCodeTransport::~HealthCodeTransport() = default;

namespace {

void checkBatchId(std::string_view batchId) {
  if (batchId.empty() || batchId.size() > 128) throw ReportError("batch_id", "must be 1..128 characters");
  for (char c : batchId)
    if (c <= 0x20 || c >= 0x7F) throw ReportError("batch_id", "must be printable ASCII without blanks");
}

}  // namespace

DeliveryOutcome HealthCodeTransport::push(std::string_view batchId, const std::string& body) {
  return post(batchId, body, {});
}

DeliveryOutcome HealthCodeTransport::push(std::string_view batchId, const std::vector<HealthCodeResult>& results,
                                          int utcOffsetMinutes) {
  checkBatchId(batchId);
  const std::string body = buildHealthCodeBatch(results, utcOffsetMinutes);
  std::vector<std::string> identities;
  identities.reserve(results.size() * 2);
  for (const HealthCodeResult& r : results) {
    identities.push_back(r.idNumber);
    identities.push_back(r.name);
  }
  return post(batchId, body, identities);
}

DeliveryOutcome HealthCodeTransport::post(std::string_view batchId, const std::string& body,
                                          const std::vector<std::string>& identities) {
  checkBatchId(batchId);
  detail::HttpPost post;
  post.body = body;
  post.contentType = "application/json; charset=utf-8";
  post.accept = "application/json";
  post.idempotencyKey = std::string(batchId);
  return _session->post(post, identities);
}

}  // namespace natlims::reporting
