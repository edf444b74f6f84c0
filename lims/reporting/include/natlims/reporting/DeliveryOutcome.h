#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace natlims::reporting {

/// What became of one delivery attempt. An expected result, never an exception.
struct DeliveryOutcome {
  enum class Status {
    Delivered,  // the receiver accepted it (HL7 AA/CA; HTTP 2xx): done
    Rejected,   // the receiver refused this content (HL7 AE/AR; HTTP 4xx but 408/429; HTTP 3xx):
                // sending it again will not help; a person must look (see detail)
    Transient,  // nothing conclusive (refused or lost connection, timeout, unreadable answer,
                // HTTP 408/429/5xx): retry later with the same bytes
  };
  Status status = Status::Transient;
  /// Why, for logs and the outbox: the receiver's own words when it gave any, truncated, with
  /// any identity number or name of the report masked.
  std::string detail;
  int httpStatus = 0;         // HTTP transports: the status received, 0 when none
  std::string ackCode;        // MLLP: MSA-1 received ("AA", "AE", "AR"), empty when none
  std::optional<int> retryAfterSeconds;  // HTTP Retry-After (seconds form), when given
  long long elapsedMillis = 0;           // connect to answer

  bool delivered() const { return status == Status::Delivered; }
};

/// "delivered" / "rejected" / "transient".
std::string_view deliveryStatusName(DeliveryOutcome::Status status);

}  // namespace natlims::reporting
