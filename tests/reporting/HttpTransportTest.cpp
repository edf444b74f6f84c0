#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "LoopbackServers.h"
#include "SampleReports.h"
#include "natlims/reporting/FhirBundleBuilder.h"
#include "natlims/reporting/FhirHttpTransport.h"

using namespace natlims::reporting;
using Status = DeliveryOutcome::Status;

namespace {

TransportOptions quick() {
  TransportOptions options;
  options.network.connectTimeout = std::chrono::milliseconds(1000);
  options.network.responseTimeout = std::chrono::milliseconds(1500);
  return options;
}

}  // namespace

TEST_CASE("HTTP: the status decides the outcome", "[reporting][http]") {
  struct Row {
    int status;
    std::string body;
    std::map<std::string, std::string> headers;
    Status outcome;
    const char* detailHas;
    std::optional<int> retryAfter;
  };
  const std::string outcomeBody =
      R"({"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"Patient.birthDate invalid"}]})";
  const Row rows[] = {
      {201, "{}", {}, Status::Delivered, "HTTP 201", std::nullopt},
      {200, "{}", {}, Status::Delivered, "HTTP 200", std::nullopt},
      {400, outcomeBody, {}, Status::Rejected, "HTTP 400 Bad Request: Patient.birthDate invalid", std::nullopt},
      {422, "plain words", {}, Status::Rejected, "HTTP 422 Unprocessable Entity: plain words", std::nullopt},
      {404, "", {}, Status::Rejected, "HTTP 404 Not Found", std::nullopt},
      {302, "", {{"Location", "http://elsewhere/fhir"}}, Status::Rejected, "not followed", std::nullopt},
      {408, "", {}, Status::Transient, "HTTP 408", std::nullopt},
      {429, "slow down", {{"Retry-After", "30"}}, Status::Transient, "HTTP 429 Too Many Requests: slow down", 30},
      {503, "maintenance", {{"Retry-After", "120"}}, Status::Transient, "HTTP 503", 120},
      {500, "", {}, Status::Transient, "HTTP 500", std::nullopt},
  };
  for (const Row& row : rows) {
    INFO("HTTP " << row.status);
    test::HttpTestServer server([&](const test::SeenRequest&) {
      test::CannedAnswer a;
      a.status = row.status;
      a.body = row.body;
      a.headers = row.headers;
      return a;
    });
    FhirHttpTransport transport(server.url("/fhir"), quick());
    const DeliveryOutcome outcome = transport.send(test::individualReport());
    INFO(outcome.detail);
    CHECK(outcome.status == row.outcome);
    CHECK(outcome.httpStatus == row.status);
    CHECK(outcome.detail.find(row.detailHas) != std::string::npos);
    CHECK(outcome.retryAfterSeconds == row.retryAfter);
    CHECK(server.requests().size() == 1);  // never retried on its own, never redirected
  }
}

TEST_CASE("HTTP: the bundle is POSTed as FHIR JSON with its id as the idempotency key", "[reporting][http]") {
  test::HttpTestServer server([](const test::SeenRequest&) {
    test::CannedAnswer a;
    a.status = 200;
    a.contentType = "application/fhir+json";
    a.body = R"({"resourceType":"Bundle","type":"transaction-response"})";
    return a;
  });
  TransportOptions options = quick();
  options.network.bearerToken = "t0ken";
  const PositiveReport report = test::individualReport();
  FhirHttpTransport transport(server.url("/fhir/r4?tenant=demo"), options);
  REQUIRE(transport.send(report).delivered());
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  const test::SeenRequest& r = requests[0];
  CHECK(r.method == "POST");
  CHECK(r.uri == "/fhir/r4?tenant=demo");
  CHECK(r.headers.at("content-type").find("application/fhir+json") == 0);
  CHECK(r.headers.at("accept") == "application/fhir+json");
  CHECK(r.headers.at("idempotency-key") == fhirBundleId(report.messageId, 1));
  CHECK(r.headers.at("authorization") == "Bearer t0ken");
  CHECK(r.body == fhirBundleJson(report));
  Poco::JSON::Parser parser;
  CHECK(parser.parse(r.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("type") == "transaction");
}

TEST_CASE("HTTP: no answer within the timeout and a closed port are transient", "[reporting][http]") {
  test::HttpTestServer server([](const test::SeenRequest&) {
    test::CannedAnswer a;
    a.delayMillis = 1500;
    return a;
  });
  TransportOptions options = quick();
  options.network.responseTimeout = std::chrono::milliseconds(300);
  FhirHttpTransport slow(server.url(), options);
  const DeliveryOutcome outcome = slow.send(test::individualReport());
  CHECK(outcome.status == Status::Transient);
  CHECK(outcome.elapsedMillis < 1400);

  FhirHttpTransport nobody("http://127.0.0.1:1/fhir", quick());
  const DeliveryOutcome refused = nobody.send(test::individualReport());
  CHECK(refused.status == Status::Transient);
  CHECK(refused.detail.find("connection refused") == 0);
}

TEST_CASE("HTTP: a receiver echoing the identity in its error gets it masked", "[reporting][http]") {
  const PositiveReport report = test::individualReport();
  test::HttpTestServer server([&](const test::SeenRequest&) {
    test::CannedAnswer a;
    a.status = 400;
    a.body = "duplicate person " + report.persons[0].idNumber + " (张三)";
    return a;
  });
  FhirHttpTransport transport(server.url(), quick());
  const DeliveryOutcome outcome = transport.send(report);
  CHECK(outcome.status == Status::Rejected);
  CHECK(outcome.detail.find(report.persons[0].idNumber) == std::string::npos);
  CHECK(outcome.detail.find("张三") == std::string::npos);
  CHECK(outcome.detail.find("1101**********1239") != std::string::npos);
}

TEST_CASE("HTTPS: delivered when the server's certificate is trusted, transient when not", "[reporting][http][tls]") {
  test::TempDir dir;
  REQUIRE(test::makeSelfSignedCertificate(dir.path()));
  test::HttpTestServer server(
      [](const test::SeenRequest&) {
        test::CannedAnswer a;
        a.status = 201;
        return a;
      },
      dir.path() + "/cert.pem", dir.path() + "/key.pem");
  REQUIRE(server.url().rfind("https://", 0) == 0);

  TransportOptions trusted = quick();
  trusted.network.tls.caFile = dir.path() + "/cert.pem";
  FhirHttpTransport good(server.url(), trusted);
  const DeliveryOutcome ok = good.send(test::individualReport());
  INFO(ok.detail);
  CHECK(ok.status == Status::Delivered);

  FhirHttpTransport untrusted(server.url(), quick());  // system CAs only
  const DeliveryOutcome refused = untrusted.send(test::individualReport());
  INFO(refused.detail);
  CHECK(refused.status == Status::Transient);
  CHECK(refused.detail.find("TLS") != std::string::npos);
  CHECK(server.requests().size() == 1);  // the untrusted attempt never sent the bundle
}
