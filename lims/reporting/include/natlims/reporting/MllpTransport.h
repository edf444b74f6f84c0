#pragma once

#include <cstdint>
#include <string>

#include "natlims/reporting/ReportTransport.h"

namespace natlims::reporting {

/// HL7 v2.5.1 ORU^R01 over MLLP (mllp://host:port). Each delivery opens a connection (connect
/// timeout), sends one block 0x0B message 0x1C 0x0D, waits for one block back (response timeout)
/// and closes: positives are rare, and a fresh connection never inherits a half-read answer.
///
/// Outcome: Delivered on MSA-1 AA/CA echoing our MSH-10 in MSA-2; Rejected on AE/AR/CE/CR (detail:
/// the receiver's MSA-3/ERR text); Transient on connection refused or lost, timeouts, an answer
/// that is not an MLLP block or not an ACK, or an ACK for another control id — in every such case
/// the receiver may or may not hold the message, and resending the same control id is safe.
class MllpTransport : public ReportTransport {
 public:
  /// `url` must be mllp://host:port (ReportError otherwise).
  MllpTransport(std::string_view url, const TransportOptions& options = {});

  RenderedReport render(const PositiveReport& report) const override;
  DeliveryOutcome deliver(const RenderedReport& rendered) override;
  DeliveryOutcome send(const PositiveReport& report) override;
  const std::string& endpointUrl() const override { return _url; }

  /// The largest answer read before giving up on it (Transient). Default: 1 MiB.
  static constexpr std::size_t maxAckBytes = 1 << 20;

 private:
  std::string _url;
  std::string _host;
  std::uint16_t _port;
  TransportOptions _options;
};

}  // namespace natlims::reporting
