#include "natlims/reporting/MllpTransport.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include "IdentityScrub.h"
#include "natlims/reporting/Endpoint.h"
#include "natlims/reporting/Hl7Ack.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

namespace {

constexpr char startBlock = 0x0B;
constexpr char endBlock = 0x1C;
constexpr char carriageReturn = 0x0D;

using Clock = std::chrono::steady_clock;

Poco::Timespan span(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(std::max<long long>(ms.count(), 1)) * 1000);
}

DeliveryOutcome outcome(DeliveryOutcome::Status status, std::string detail) {
  DeliveryOutcome o;
  o.status = status;
  o.detail = std::move(detail);
  return o;
}

// The bytes after the connection: an MLLP block holding the ACK, read until its end (0x1C 0x0D)
// or the deadline. Returns the unframed text, or an outcome explaining why there is none.
struct AckRead {
  std::string text;
  std::optional<DeliveryOutcome> failure;
};

AckRead readAck(Poco::Net::StreamSocket& socket, Clock::time_point deadline, const std::string& url,
                std::chrono::milliseconds timeout) {
  std::string buffer;
  char chunk[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      return {{}, outcome(DeliveryOutcome::Status::Transient,
                          "no acknowledgement from " + url + " within " + std::to_string(timeout.count()) + " ms")};
    socket.setReceiveTimeout(span(left));
    int n = 0;
    try {
      n = socket.receiveBytes(chunk, sizeof chunk);
    } catch (const Poco::TimeoutException&) {
      return {{}, outcome(DeliveryOutcome::Status::Transient,
                          "no acknowledgement from " + url + " within " + std::to_string(timeout.count()) + " ms")};
    }
    if (n <= 0)
      return {{}, outcome(DeliveryOutcome::Status::Transient,
                          "connection closed by " + url + " before an acknowledgement" +
                              (buffer.empty() ? std::string() : " (" + std::to_string(buffer.size()) + " bytes of a partial answer)"))};
    buffer.append(chunk, static_cast<std::size_t>(n));
    // Bytes before the start block are noise some receivers send (CR/LF keep-alives); anything
    // else there makes the answer unreadable.
    const std::size_t start = buffer.find(startBlock);
    if (start == std::string::npos) {
      if (buffer.find_first_not_of("\r\n") != std::string::npos)
        return {{}, outcome(DeliveryOutcome::Status::Transient, "the answer from " + url + " is not an MLLP block")};
      continue;
    }
    if (buffer.find_first_not_of("\r\n", 0) < start)
      return {{}, outcome(DeliveryOutcome::Status::Transient, "the answer from " + url + " is not an MLLP block")};
    const std::size_t end = buffer.find(endBlock, start + 1);
    if (end != std::string::npos && end + 1 < buffer.size()) {
      if (buffer[end + 1] != carriageReturn)
        return {{}, outcome(DeliveryOutcome::Status::Transient,
                            "the answer from " + url + " ends its MLLP block without CR")};
      return {buffer.substr(start + 1, end - start - 1), std::nullopt};
    }
    if (buffer.size() > MllpTransport::maxAckBytes)
      return {{}, outcome(DeliveryOutcome::Status::Transient, "the answer from " + url + " is too large for an ACK")};
  }
}

}  // namespace

MllpTransport::MllpTransport(std::string_view url, const TransportOptions& options) : _url(url), _port(0), _options(options) {
  const EndpointParse parsed = parseEndpoint(url);
  if (!parsed.endpoint) throw ReportError("reporting.endpoint", parsed.error);
  if (parsed.endpoint->scheme != Endpoint::Scheme::Mllp)
    throw ReportError("reporting.endpoint", "an MLLP transport needs mllp://host:port");
  _host = parsed.endpoint->host;
  _port = parsed.endpoint->port;
}

RenderedReport MllpTransport::render(const PositiveReport& report) const {
  RenderedReport rendered;
  rendered.payload = buildOruR01(report, _options.hl7);
  rendered.contentType = "x-application/hl7-v2+er7";
  rendered.deliveryKey = hl7ControlId(report.messageId, report.version);
  rendered.identities = detail::reportIdentities(report);
  return rendered;
}

DeliveryOutcome MllpTransport::send(const PositiveReport& report) { return deliver(render(report)); }

DeliveryOutcome MllpTransport::deliver(const RenderedReport& rendered) {
  const auto started = Clock::now();
  DeliveryOutcome result;
  Poco::Net::StreamSocket socket;
  try {
    socket.connect(Poco::Net::SocketAddress(_host, _port), span(_options.network.connectTimeout));
    socket.setNoDelay(true);
    socket.setSendTimeout(span(_options.network.responseTimeout));
    std::string frame;
    frame.reserve(rendered.payload.size() + 3);
    frame.push_back(startBlock);
    frame += rendered.payload;
    frame.push_back(endBlock);
    frame.push_back(carriageReturn);
    std::size_t sent = 0;
    while (sent < frame.size()) {
      const int n = socket.sendBytes(frame.data() + sent, static_cast<int>(frame.size() - sent));
      if (n <= 0) throw Poco::Net::ConnectionResetException("send");
      sent += static_cast<std::size_t>(n);
    }
    const AckRead read =
        readAck(socket, Clock::now() + _options.network.responseTimeout, _url, _options.network.responseTimeout);
    if (read.failure) {
      result = *read.failure;
    } else {
      const Hl7AckParse parsed = parseHl7Ack(read.text);
      if (!parsed.ack) {
        result = outcome(DeliveryOutcome::Status::Transient,
                         "the answer from " + _url + " is not an HL7 acknowledgement: " + parsed.error);
      } else if (parsed.ack->controlId != rendered.deliveryKey) {
        result = outcome(DeliveryOutcome::Status::Transient,
                         "the acknowledgement from " + _url + " is for another message (MSA-2 " +
                             detail::scrubForLog(parsed.ack->controlId, rendered.identities, 40) + ", expected " +
                             rendered.deliveryKey + ")");
        result.ackCode = parsed.ack->codeText;
      } else {
        const std::string said = detail::scrubForLog(parsed.ack->text, rendered.identities);
        switch (parsed.ack->code) {
          case Hl7Ack::Code::Accept:
            result = outcome(DeliveryOutcome::Status::Delivered, parsed.ack->codeText);
            break;
          case Hl7Ack::Code::Error:
          case Hl7Ack::Code::Reject:
            result = outcome(DeliveryOutcome::Status::Rejected,
                             parsed.ack->codeText + (said.empty() ? std::string(" (no reason given)") : ": " + said));
            break;
        }
        result.ackCode = parsed.ack->codeText;
      }
    }
  } catch (const Poco::Net::ConnectionRefusedException&) {
    result = outcome(DeliveryOutcome::Status::Transient, "connection refused by " + _url);
  } catch (const Poco::TimeoutException&) {
    result = outcome(DeliveryOutcome::Status::Transient,
                     "could not connect to " + _url + " within " +
                         std::to_string(_options.network.connectTimeout.count()) + " ms");
  } catch (const Poco::Exception& e) {
    result = outcome(DeliveryOutcome::Status::Transient,
                     "network failure with " + _url + ": " + detail::scrubForLog(e.displayText(), rendered.identities));
  }
  try {
    socket.close();
  } catch (const Poco::Exception&) {
    // Closing a socket that never connected.
  }
  result.elapsedMillis = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
  return result;
}

}  // namespace natlims::reporting
