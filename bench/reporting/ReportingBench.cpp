// reporting-bench [--results N] [--batch N]
//
// Measures, on this machine: building health-code batches for N results; pushing them to a
// Poco HTTP receiver on loopback over one keep-alive connection (the receiver reads every byte
// and answers 200); building HL7 ORU^R01 and FHIR bundles; rendering the daily PDF.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <string>
#include <vector>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "natlims/domain/IdDocument.h"
#include "natlims/reporting/DailyReportPdf.h"
#include "natlims/reporting/FhirBundleBuilder.h"
#include "natlims/reporting/HealthCodeBatch.h"
#include "natlims/reporting/HealthCodeTransport.h"
#include "natlims/reporting/Hl7OruBuilder.h"

using namespace natlims::reporting;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string residentId(long n) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "11010519800101%03ld", n % 1000);
  return std::string(first17) + natlims::domain::residentIdCheckChar(first17);
}

class Drain : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    char buf[65536];
    while (request.stream().read(buf, sizeof buf) || request.stream().gcount() > 0) {
    }
    response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    response.setContentLength(2);
    response.send() << "{}";
  }
};

class DrainFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Drain;
  }
};

PositiveReport sampleReport(int people) {
  PositiveReport r;
  r.messageId = "bench-0001";
  r.kind = people > 1 ? ReportKind::Pooled : ReportKind::Individual;
  r.specimen.tube = "T1POOL0001";
  r.specimen.pooledSize = people;
  r.specimen.collectedAt = 1796083200000LL;
  r.specimen.receivedAt = 1796094000000LL;
  r.specimen.labName = "演示镇检测实验室";
  r.kitId = "daan-orf1ab-n";
  r.kitVersion = "1";
  r.resultLoinc = "94500-6";
  r.targets = {{"ORF1ab", 23.4, TargetCall::Detected, "94644-2", "94559-2"},
               {"N", 25.1, TargetCall::Detected, "94510-5", "94533-7"}};
  r.releasedAt = 1796108400000LL;
  r.releasedBy = "reviewer2";
  for (int i = 0; i < people; ++i) {
    Person p;
    p.idNumber = residentId(i);
    p.name = "张三";
    r.persons.push_back(p);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  long total = 1000000;
  long batch = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--results") total = std::atol(argv[i + 1]);
    else if (flag == "--batch") batch = std::atol(argv[i + 1]);
  }
  if (total <= 0 || batch <= 0) {
    std::fprintf(stderr, "usage: reporting-bench [--results N] [--batch N]\n");
    return 2;
  }

  std::vector<HealthCodeResult> rows(static_cast<std::size_t>(batch));
  for (long i = 0; i < batch; ++i)
    rows[static_cast<std::size_t>(i)] = {"resident_id", residentId(i), "张三", "negative", 1796083200000LL,
                                         1796108400000LL, "TX" + std::to_string(10000000 + i), "演示镇检测实验室"};
  const long batches = (total + batch - 1) / batch;

  auto start = Clock::now();
  std::size_t bytes = 0;
  for (long b = 0; b < batches; ++b) bytes += buildHealthCodeBatch(rows).size();
  const double buildSeconds = secondsSince(start);
  std::printf("health-code batches: %ld results in %ld batches of %ld built in %.2f s (%.0f results/s, %.1f MB)\n",
              batches * batch, batches, batch, buildSeconds, batches * batch / buildSeconds, bytes / 1e6);

  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  socket.listen();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(2);
  Poco::Net::HTTPServer server(new DrainFactory, socket, params);
  server.start();
  HealthCodeTransport transport("http://127.0.0.1:" + std::to_string(socket.address().port()) + "/push");
  start = Clock::now();
  long failures = 0;
  for (long b = 0; b < batches; ++b)
    if (!transport.push("batch-" + std::to_string(b), rows).delivered()) ++failures;
  const double pushSeconds = secondsSince(start);
  std::printf("health-code push (build + POST, keep-alive, loopback): %ld results in %.2f s (%.0f results/s), %ld failed\n",
              batches * batch, pushSeconds, batches * batch / pushSeconds, failures);
  server.stop();

  for (int people : {1, 20}) {
    const PositiveReport report = sampleReport(people);
    const int n = 2000;
    start = Clock::now();
    for (int i = 0; i < n; ++i) buildOruR01(report);
    const double hl7 = secondsSince(start);
    start = Clock::now();
    for (int i = 0; i < n; ++i) fhirBundleJson(report);
    const double fhir = secondsSince(start);
    std::printf("%d-person report: ORU^R01 %.0f/s (%zu bytes), FHIR bundle %.0f/s (%zu bytes)\n", people, n / hl7,
                buildOruR01(report).size(), n / fhir, fhirBundleJson(report).size());
  }

  DailyReportData daily;
  daily.date = std::chrono::year{2026} / 12 / 1;
  daily.campaigns = {"Round 1"};
  daily.generatedAt = 1796169600000LL;
  daily.counts.tested = 100;
  daily.counts.positiveIndividuals = 100;
  for (int i = 0; i < 100; ++i) {
    DailyPositive p;
    p.tube = "TX" + std::to_string(10000000 + i);
    p.idType = natlims::domain::IdType::ResidentId;
    p.idNumber = residentId(i);
    p.name = "张三";
    p.releasedAt = 1796108400000LL;
    daily.positives.push_back(p);
  }
  start = Clock::now();
  const std::string pdf = dailyReportPdf(daily);
  std::printf("daily PDF with 100 positives: %.0f ms (%zu bytes)\n", secondsSince(start) * 1000, pdf.size());
  return failures == 0 ? 0 : 1;
}
