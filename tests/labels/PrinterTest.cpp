#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <thread>

#include "FakePrinter.h"
#include "LabelTestSupport.h"
#include "natlims/labels/FilePrinter.h"
#include "natlims/labels/LabelError.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/RawTcpPrinter.h"
#include "natlims/labels/Scanner.h"
#include "natlims/labels/Zpl.h"

using namespace natlims::labels;

namespace {

// A loopback port nobody listens on: bound, then released.
int freePort() {
  Poco::Net::ServerSocket s;
  s.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  const int port = s.address().port();
  s.close();
  return port;
}

PrinterOptions quick(int retries, int delayMs) {
  PrinterOptions o;
  o.timeoutMs = 2000;
  o.retries = retries;
  o.retryDelayMs = delayMs;
  return o;
}

}  // namespace

TEST_CASE("a print job reaches the printer's raw port byte for byte and prints scannable labels", "[labels][printer]") {
  test::FakePrinter fake;
  LabelMaker maker;
  const auto codes = test::randomCodes(12, 31);
  std::vector<LabelContent> batch;
  for (const auto& c : codes) batch.push_back({c, "全民核酸", 10, "2026-12-01"});
  const std::string job = maker.zpl(batch);
  RawTcpPrinter printer("127.0.0.1", fake.port(), quick(0, 0));
  printer.print(job);
  const auto jobs = fake.jobs(1);
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0] == job);
  // What the printer got, read back as the printer would image it.
  const auto labels = zplGraphics(jobs[0]);
  REQUIRE(labels.size() == codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) CHECK(scanImage(labels[i]).at(0).text == codes[i]);
}

TEST_CASE("an unreachable printer is an error after the configured retries", "[labels][printer]") {
  const int port = freePort();
  RawTcpPrinter printer("127.0.0.1", port, quick(2, 50));
  const auto start = std::chrono::steady_clock::now();
  try {
    printer.print("^XA^XZ");
    FAIL("printed to nobody");
  } catch (const PrinterError& e) {
    const std::string message = e.what();
    CHECK(e.field() == "printer");
    CHECK(message.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
    CHECK(message.find("unreachable after 3 attempts") != std::string::npos);
    CHECK(message.find("refused") != std::string::npos);
  }
  // Waited 50 ms, then 100 ms, between the three attempts.
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
}

TEST_CASE("a printer that comes up during the retries gets the job once", "[labels][printer]") {
  const int port = freePort();
  std::unique_ptr<test::FakePrinter> fake;
  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    fake = std::make_unique<test::FakePrinter>(port);
  });
  RawTcpPrinter printer("127.0.0.1", port, quick(5, 60));
  std::string error;
  try {
    printer.print("^XA^FO0,0^GFA,1,1,1,F0^FS^XZ");
  } catch (const PrinterError& e) {
    error = e.what();
  }
  later.join();
  CHECK(error.empty());
  REQUIRE(fake);
  const auto jobs = fake->jobs(1);
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0] == "^XA^FO0,0^GFA,1,1,1,F0^FS^XZ");
  CHECK(fake->connections() == 1);
}

TEST_CASE("a printer that hangs up mid-job is reported, not sent the job again", "[labels][printer]") {
  test::FakePrinter fake(0, /*hangUp*/ true);
  RawTcpPrinter printer("127.0.0.1", fake.port(), quick(3, 10));
  const std::string big(32 * 1024 * 1024, 'F');  // more than socket buffers hold
  try {
    printer.print(big);
    FAIL("no error");
  } catch (const PrinterError& e) {
    const std::string message = e.what();
    CHECK(message.find("stopped accepting data after") != std::string::npos);
    CHECK(message.find("of 33554432 bytes") != std::string::npos);
    CHECK(message.find("check the printer") != std::string::npos);
  }
  CHECK(fake.connections() == 1);
}

TEST_CASE("printer addresses are HOST:PORT with 9100 by default", "[labels][printer]") {
  struct Good {
    const char* text;
    const char* host;
    int port;
  };
  for (const Good& g : {Good{"printer-3:9100", "printer-3", 9100}, Good{"10.0.0.5", "10.0.0.5", 9100},
                        Good{"10.0.0.5:6101", "10.0.0.5", 6101}, Good{"[::1]:9101", "::1", 9101},
                        Good{"[fe80::1]", "fe80::1", 9100}}) {
    INFO(g.text);
    const RawTcpPrinter p = RawTcpPrinter::fromAddress(g.text);
    CHECK(p.host() == g.host);
    CHECK(p.port() == g.port);
  }
  CHECK(RawTcpPrinter::fromAddress("[::1]:9101").describe() == "printer [::1]:9101");
  for (const char* bad : {"", ":9100", "host:", "host:0", "host:70000", "host:abc", "[::1", "[::1]x"}) {
    INFO(bad);
    try {
      RawTcpPrinter::fromAddress(bad);
      FAIL("accepted");
    } catch (const ConfigError& e) {
      CHECK(e.field() == "printer");
    }
  }
}

TEST_CASE("a file printer writes each job whole, and a stream printer passes it through", "[labels][printer]") {
  test::TempDir dir;
  FilePrinter file(dir.file("job.zpl"));
  file.print("^XA^XZ\n");
  CHECK(test::readFile(dir.file("job.zpl")) == "^XA^XZ\n");
  std::ostringstream out;
  FilePrinter stream(out);
  stream.print("abc");
  CHECK(out.str() == "abc");
  FilePrinter nowhere("/nonexistent/folder/job.zpl");
  CHECK_THROWS_AS(nowhere.print("^XA^XZ"), PrinterError);
}
