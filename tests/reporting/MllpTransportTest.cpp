#include <catch2/catch.hpp>

#include <chrono>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "LoopbackServers.h"
#include "SampleReports.h"
#include "natlims/domain/Masking.h"
#include "natlims/reporting/Hl7OruBuilder.h"
#include "natlims/reporting/MllpTransport.h"
#include "natlims/reporting/ReportError.h"

using namespace natlims::reporting;
using Mode = test::MllpTestServer::Mode;
using Status = DeliveryOutcome::Status;

namespace {

TransportOptions quick() {
  TransportOptions options;
  options.network.connectTimeout = std::chrono::milliseconds(1000);
  options.network.responseTimeout = std::chrono::milliseconds(400);
  return options;
}

// A port nobody listens on: bound, then closed.
std::uint16_t closedPort() {
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  const std::uint16_t port = socket.address().port();
  socket.close();
  return port;
}

}  // namespace

TEST_CASE("MLLP: the receiver's answer decides the outcome", "[reporting][mllp]") {
  struct Row {
    Mode mode;
    Status status;
    const char* ackCode;
    const char* detailStart;
  };
  const Row rows[] = {
      {Mode::Accept, Status::Delivered, "AA", "AA"},
      {Mode::Error, Status::Rejected, "AE", "AE: PID-3 not in registry"},
      {Mode::Reject, Status::Rejected, "AR", "AR: Processing ID not accepted"},
      {Mode::Garbage, Status::Transient, "", "the answer from mllp://"},
      {Mode::Close, Status::Transient, "", "connection closed by mllp://"},
      {Mode::Silent, Status::Transient, "", "no acknowledgement from mllp://"},
      {Mode::OtherControlId, Status::Transient, "AA", "the acknowledgement from mllp://"},
  };
  const PositiveReport report = test::individualReport();
  for (const Row& row : rows) {
    test::MllpTestServer server(row.mode);
    INFO("mode " << static_cast<int>(row.mode));
    MllpTransport transport(server.url(), quick());
    const DeliveryOutcome outcome = transport.send(report);
    INFO(outcome.detail);
    CHECK(outcome.status == row.status);
    CHECK(outcome.ackCode == row.ackCode);
    CHECK(outcome.detail.rfind(row.detailStart, 0) == 0);
    // The receiver got exactly the message we built, unframed.
    const auto received = server.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0] == buildOruR01(report));
  }
}

TEST_CASE("MLLP: a silent receiver costs the response timeout, no more", "[reporting][mllp]") {
  test::MllpTestServer server(Mode::Silent);
  MllpTransport transport(server.url(), quick());
  const auto started = std::chrono::steady_clock::now();
  const DeliveryOutcome outcome = transport.send(test::individualReport());
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(outcome.status == Status::Transient);
  CHECK(elapsed >= std::chrono::milliseconds(350));
  CHECK(elapsed < std::chrono::milliseconds(2000));
}

TEST_CASE("MLLP: a refused connection is transient", "[reporting][mllp]") {
  MllpTransport transport("mllp://127.0.0.1:" + std::to_string(closedPort()), quick());
  const DeliveryOutcome outcome = transport.send(test::individualReport());
  CHECK(outcome.status == Status::Transient);
  CHECK(outcome.detail.find("connection refused") == 0);
}

TEST_CASE("MLLP: the receiver's quote of an identity is masked in the outcome", "[reporting][mllp]") {
  test::MllpTestServer server(Mode::Error);
  MllpTransport transport(server.url(), quick());
  const PositiveReport report = test::individualReport();
  const DeliveryOutcome outcome = transport.send(report);
  REQUIRE(outcome.status == Status::Rejected);
  const std::string& number = report.persons[0].idNumber;
  CHECK(outcome.detail.find(number) == std::string::npos);
  CHECK(outcome.detail.find("张三") == std::string::npos);
  CHECK(outcome.detail.find(natlims::domain::maskIdNumber(number)) != std::string::npos);
  CHECK(outcome.detail.find(natlims::domain::maskName("张三")) != std::string::npos);
}

TEST_CASE("MLLP: a resend after a transient failure carries the same control id", "[reporting][mllp]") {
  test::MllpTestServer server(Mode::Silent);
  MllpTransport transport(server.url(), quick());
  const RenderedReport rendered = transport.render(test::individualReport());
  CHECK(transport.deliver(rendered).status == Status::Transient);
  server.setMode(Mode::Accept);
  CHECK(transport.deliver(rendered).status == Status::Delivered);
  const auto received = server.received();
  REQUIRE(received.size() == 2);
  CHECK(received[0] == received[1]);
  CHECK(rendered.deliveryKey == hl7ControlId("rpt-2026-000123", 1));
}

TEST_CASE("makeTransport picks the transport from the URL and refuses others", "[reporting][mllp]") {
  CHECK(dynamic_cast<MllpTransport*>(makeTransport("mllp://127.0.0.1:2575").get()) != nullptr);
  CHECK(makeTransport("http://127.0.0.1:8080/fhir")->render(test::individualReport()).contentType.find(
            "application/fhir+json") == 0);
  CHECK(makeTransport("https://cdc.example/fhir")->endpointUrl() == "https://cdc.example/fhir");
  for (const char* bad : {"ftp://x", "mllp://host", "cdc.example", "", "http://user:pw@host/"}) {
    INFO(bad);
    try {
      makeTransport(bad);
      FAIL("accepted");
    } catch (const ReportError& e) {
      CHECK(e.field() == "reporting.endpoint");
    }
  }
}
