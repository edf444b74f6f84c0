#include <catch2/catch.hpp>

#include <functional>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "LoopbackServers.h"
#include "SampleReports.h"
#include "natlims/reporting/HealthCodeBatch.h"
#include "natlims/reporting/HealthCodeTransport.h"
#include "natlims/reporting/ReportError.h"

using namespace natlims::reporting;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::vector<HealthCodeResult> sampleResults() {
  return {
      {"resident_id", test::residentId("110105", "19900307", 123), "张三", "negative", test::collectedAt,
       test::releasedAt, "TX00000001", "演示镇检测实验室"},
      {"passport", "E12345678", "Anne \"Quote\" O'Neil\\", "pool_positive", test::collectedAt, 0, "T1POOL0001",
       "演示镇检测实验室"},
  };
}

}  // namespace

TEST_CASE("a health-code batch is the contract's JSON, full identity included", "[reporting][healthcode]") {
  const auto results = sampleResults();
  const std::string body = buildHealthCodeBatch(results);
  Poco::JSON::Parser parser;
  const Object::Ptr root = parser.parse(body).extract<Object::Ptr>();
  REQUIRE(root->size() == 1);
  const Array::Ptr rows = root->getArray("results");
  REQUIRE(rows->size() == 2);
  const Object::Ptr first = rows->getObject(0);
  CHECK(first->size() == 8);
  CHECK(first->getValue<std::string>("id_type") == "resident_id");
  CHECK(first->getValue<std::string>("id_number") == results[0].idNumber);
  CHECK(first->getValue<std::string>("name") == "张三");
  CHECK(first->getValue<std::string>("status") == "negative");
  CHECK(first->getValue<std::string>("sampled_at") == "2026-12-01T08:00:00+08:00");
  CHECK(first->getValue<std::string>("resulted_at") == "2026-12-01T15:00:00+08:00");
  CHECK(first->getValue<std::string>("tube") == "TX00000001");
  CHECK(first->getValue<std::string>("lab") == "演示镇检测实验室");
  const Object::Ptr second = rows->getObject(1);
  CHECK(second->getValue<std::string>("name") == "Anne \"Quote\" O'Neil\\");
  CHECK(second->isNull("resulted_at"));
  CHECK(second->getValue<std::string>("status") == "pool_positive");
  // Another offset writes other local times.
  CHECK(buildHealthCodeBatch(results, 0).find("\"sampled_at\":\"2026-12-01T00:00:00+00:00\"") != std::string::npos);
}

TEST_CASE("a bad health-code row is refused naming it", "[reporting][healthcode]") {
  struct Row {
    const char* what;
    std::function<void(HealthCodeResult&)> change;
    const char* field;
  };
  const Row rows[] = {
      {"id type", [](auto& r) { r.idType = "ssn"; }, "results[1].id_type"},
      {"number", [](auto& r) { r.idNumber.clear(); }, "results[1].id_number"},
      {"name", [](auto& r) { r.name = ""; }, "results[1].name"},
      {"status", [](auto& r) { r.status = "not_sampled"; }, "results[1].status"},
      {"sampled in seconds", [](auto& r) { r.sampledAt /= 1000; }, "results[1].sampled_at"},
      {"resulted before sampled", [](auto& r) { r.resultedAt = r.sampledAt - 1; }, "results[1].resulted_at"},
      {"tube", [](auto& r) { r.tube = ""; }, "results[1].tube"},
      {"lab", [](auto& r) { r.lab = "a\tb"; }, "results[1].lab"},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    auto results = sampleResults();
    row.change(results[1]);
    try {
      buildHealthCodeBatch(results);
      FAIL("accepted");
    } catch (const ReportError& e) {
      CHECK(e.field() == row.field);
      CHECK(std::string(e.what()).find("E12345678") == std::string::npos);
    }
  }
  CHECK_THROWS_AS(buildHealthCodeBatch({}), ReportError);
}

TEST_CASE("health-code push: Idempotency-Key is the batch id; outcomes as for reports", "[reporting][healthcode]") {
  int answer = 503;
  test::HttpTestServer server([&](const test::SeenRequest&) {
    test::CannedAnswer a;
    a.status = answer;
    a.body = answer == 400 ? "bad row for " + sampleResults()[0].idNumber + " 张三" : "{}";
    return a;
  });
  NetworkOptions options;
  options.responseTimeout = std::chrono::milliseconds(2000);
  HealthCodeTransport transport(server.url("/push"), options);
  const auto results = sampleResults();

  CHECK(transport.push("batch-000042", results).status == DeliveryOutcome::Status::Transient);
  answer = 201;
  CHECK(transport.push("batch-000042", results).delivered());
  answer = 400;
  const DeliveryOutcome rejected = transport.push("batch-000043", results);
  CHECK(rejected.status == DeliveryOutcome::Status::Rejected);
  CHECK(rejected.detail.find(results[0].idNumber) == std::string::npos);
  CHECK(rejected.detail.find("张三") == std::string::npos);

  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].headers.at("idempotency-key") == "batch-000042");
  CHECK(requests[1].headers.at("idempotency-key") == "batch-000042");
  CHECK(requests[2].headers.at("idempotency-key") == "batch-000043");
  CHECK(requests[0].body == requests[1].body);  // a retry sends the same bytes
  CHECK(requests[1].body == buildHealthCodeBatch(results));
  CHECK(requests[0].uri == "/push");
  CHECK(requests[0].headers.at("content-type").find("application/json") == 0);

  CHECK_THROWS_AS(transport.push("", results), ReportError);
  CHECK_THROWS_AS(transport.push("has blank", results), ReportError);
  CHECK_THROWS_AS(HealthCodeTransport("mllp://127.0.0.1:2575"), ReportError);
}
