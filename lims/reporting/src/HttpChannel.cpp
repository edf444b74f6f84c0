#include "HttpChannel.h"

#include <chrono>
#include <istream>
#include <mutex>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timespan.h>

#include "IdentityScrub.h"

namespace natlims::reporting::detail {

namespace {

constexpr std::size_t maxAnswerBytes = 64 * 1024;

Poco::Timespan span(std::chrono::milliseconds ms) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000); }

void initializeSslOnce() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::Context::Ptr clientContext(const TlsOptions& tls) {
  initializeSslOnce();
  Poco::Net::Context::Params params;
  params.verificationMode = tls.verifyPeer ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
  params.caLocation = tls.caFile;
  params.loadDefaultCAs = tls.caFile.empty();
  params.certificateFile = tls.certificateFile;
  params.privateKeyFile = tls.privateKeyFile;
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  // An untrusted certificate fails the handshake; nothing asks a person or accepts it silently.
  context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
  return context;
}

std::string readSome(std::istream& in) {
  std::string body;
  char buf[4096];
  while (body.size() < maxAnswerBytes && in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  return body;
}

// The receiver's words: a FHIR OperationOutcome's diagnostics or details, else the body itself.
std::string answerText(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    const auto parsed = parser.parse(body);
    const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
    if (object && object->optValue<std::string>("resourceType", "") == "OperationOutcome") {
      std::string text;
      if (const auto issues = object->getArray("issue")) {
        for (std::size_t i = 0; i < issues->size(); ++i) {
          const auto issue = issues->getObject(static_cast<unsigned>(i));
          if (!issue) continue;
          std::string one = issue->optValue<std::string>("diagnostics", "");
          if (one.empty())
            if (const auto details = issue->getObject("details")) one = details->optValue<std::string>("text", "");
          if (!one.empty()) text += (text.empty() ? "" : "; ") + one;
        }
      }
      if (!text.empty()) return text;
    }
  } catch (const Poco::Exception&) {
    // Not JSON: the body as it is.
  } catch (const std::exception&) {
  }
  return body;
}

DeliveryOutcome outcome(DeliveryOutcome::Status status, std::string detail) {
  DeliveryOutcome o;
  o.status = status;
  o.detail = std::move(detail);
  return o;
}

}  // namespace

HttpChannel::HttpChannel(Endpoint endpoint, NetworkOptions options)
    : _endpoint(std::move(endpoint)), _options(std::move(options)) {}

HttpChannel::~HttpChannel() = default;

Poco::Net::HTTPClientSession& HttpChannel::session() {
  if (!_session) {
    if (_endpoint.scheme == Endpoint::Scheme::Https)
      _session = std::make_unique<Poco::Net::HTTPSClientSession>(_endpoint.host, _endpoint.port, clientContext(_options.tls));
    else
      _session = std::make_unique<Poco::Net::HTTPClientSession>(_endpoint.host, _endpoint.port);
    _session->setTimeout(span(_options.connectTimeout), span(_options.responseTimeout), span(_options.responseTimeout));
    _session->setKeepAlive(true);
  }
  return *_session;
}

DeliveryOutcome HttpChannel::post(const HttpPost& request, const std::vector<std::string>& identities) {
  const auto started = std::chrono::steady_clock::now();
  DeliveryOutcome result;
  try {
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, _endpoint.path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentType(request.contentType);
    req.setContentLength(static_cast<std::streamsize>(request.body.size()));
    req.set("Accept", request.accept);
    req.set("User-Agent", "natlims-reporting");
    if (!request.idempotencyKey.empty()) req.set("Idempotency-Key", request.idempotencyKey);
    if (!_options.bearerToken.empty()) req.set("Authorization", "Bearer " + _options.bearerToken);
    for (const auto& [name, value] : _options.extraHeaders) req.set(name, value);
    req.setKeepAlive(true);

    Poco::Net::HTTPClientSession& s = session();
    s.sendRequest(req) << request.body;
    Poco::Net::HTTPResponse response;
    std::istream& in = s.receiveResponse(response);
    const std::string body = readSome(in);
    const int status = static_cast<int>(response.getStatus());
    const std::string said = scrubForLog(answerText(body), identities);
    const std::string head = "HTTP " + std::to_string(status) + " " + response.getReason();

    if (status >= 200 && status < 300) {
      result = outcome(DeliveryOutcome::Status::Delivered, head);
    } else if (status == 408 || status == 429 || status >= 500) {
      result = outcome(DeliveryOutcome::Status::Transient, said.empty() ? head : head + ": " + said);
      if (response.has("Retry-After")) {
        try {
          result.retryAfterSeconds = std::stoi(response.get("Retry-After"));
        } catch (const std::exception&) {
          // An HTTP-date form: the outbox's own back-off applies.
        }
      }
    } else {
      std::string why = said.empty() ? head : head + ": " + said;
      if (status >= 300 && status < 400)
        why += " (redirect to " + scrubForLog(response.get("Location", "?"), identities) + " not followed: check the endpoint)";
      result = outcome(DeliveryOutcome::Status::Rejected, why);
    }
    result.httpStatus = status;
    // A body we did not read to the end would poison the next request on this connection.
    if (!in.eof() || !response.getKeepAlive()) _session.reset();
  } catch (const Poco::Net::ConnectionRefusedException&) {
    result = outcome(DeliveryOutcome::Status::Transient, "connection refused by " + _endpoint.url);
    _session.reset();
  } catch (const Poco::TimeoutException&) {
    result = outcome(DeliveryOutcome::Status::Transient,
                     "no answer from " + _endpoint.url + " within the timeout (" +
                         std::to_string(_options.responseTimeout.count()) + " ms)");
    _session.reset();
  } catch (const Poco::Net::SSLException& e) {
    result = outcome(DeliveryOutcome::Status::Transient, "TLS failure with " + _endpoint.url + ": " +
                                                             scrubForLog(e.displayText(), identities));
    _session.reset();
  } catch (const Poco::Exception& e) {
    result = outcome(DeliveryOutcome::Status::Transient, "network failure with " + _endpoint.url + ": " +
                                                             scrubForLog(e.displayText(), identities));
    _session.reset();
  } catch (const std::exception& e) {
    result = outcome(DeliveryOutcome::Status::Transient, "failure with " + _endpoint.url + ": " +
                                                             scrubForLog(e.what(), identities));
    _session.reset();
  }
  result.elapsedMillis =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace natlims::reporting::detail
