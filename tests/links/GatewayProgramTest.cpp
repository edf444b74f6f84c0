// instrument-gateway as a real process against a fake server on loopback.

#include <catch2/catch.hpp>

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/TemporaryFile.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "natlims/links/AstmSender.h"
#include "natlims/links/Hl7Message.h"
#include "natlims/links/MllpClient.h"
#include "support/FakeLimsServer.h"
#include "support/TestData.h"

using namespace natlims;
using namespace natlims::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kGateway = std::string(NATLIMS_BIN_DIR) + "/instrument-gateway";

struct Run {
  int exitCode = -1;
  std::string out, err;
};

Run runGateway(const std::vector<std::string>& args, const std::string& password = "secret") {
  Poco::Pipe outPipe, errPipe;
  Poco::Process::Env env{{"LIMS_PASSWORD", password}};
  auto handle = Poco::Process::launch(kGateway, args, ".", nullptr, &outPipe, &errPipe, env);
  Poco::PipeInputStream out(outPipe), err(errPipe);
  Run run;
  run.out.assign(std::istreambuf_iterator<char>(out), std::istreambuf_iterator<char>());
  run.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  run.exitCode = handle.wait();
  return run;
}

struct Folder {
  Folder() : path(Poco::TemporaryFile::tempName()) { fs::create_directories(path); }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

void write(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary);
  out << bytes;
}

// A long-running gateway (watch, listen) with its stdout readable line by line.
class RunningGateway {
 public:
  explicit RunningGateway(const std::vector<std::string>& args)
      : _handle(Poco::Process::launch(kGateway, args, ".", nullptr, &_out, &_err, {{"LIMS_PASSWORD", "secret"}})),
        _stdout(_out) {}
  ~RunningGateway() {
    if (Poco::Process::isRunning(_handle)) Poco::Process::kill(_handle);
  }
  std::string line() {
    std::string text;
    std::getline(_stdout, text);
    return text;
  }
  int stop() {
    Poco::Process::requestTermination(_handle.id());  // SIGINT
    return _handle.wait();
  }

 private:
  Poco::Pipe _out, _err;
  Poco::ProcessHandle _handle;
  Poco::PipeInputStream _stdout;
};

}  // namespace

TEST_CASE("instrument-gateway --help and usage errors", "[links][program]") {
  const auto help = runGateway({"--help"});
  CHECK(help.exitCode == 0);
  CHECK(help.out.find("instrument-gateway import FILE...") != std::string::npos);
  const struct {
    std::vector<std::string> args;
    std::string error;
  } rows[] = {
      {{}, "no command"},
      {{"send", "--server", "http://x", "--user", "u"}, "unknown command 'send'"},
      {{"import", "f", "--user", "u"}, "--server URL is required"},
      {{"import", "--server", "http://x", "--user", "u"}, "import: no FILE given"},
      {{"listen", "--server", "http://x", "--user", "u"}, "give --astm PORT, --hl7 PORT or both"},
      {{"listen", "--astm", "70000", "--server", "http://x", "--user", "u"}, "--astm: '70000' is not a port number"},
      {{"watch", "d", "--poll-ms", "soon", "--server", "http://x", "--user", "u"}, "--poll-ms: 'soon'"},
      {{"import", "f", "--astm", "1", "--server", "http://x", "--user", "u"}, "unknown option '--astm' for import"},
  };
  for (const auto& row : rows) {
    INFO(row.error);
    const auto run = runGateway(row.args);
    CHECK(run.exitCode == 2);
    CHECK(run.err.find(row.error) != std::string::npos);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);  // one line
  }
}

TEST_CASE("instrument-gateway import: each file sent as it is, one line per file", "[links][program]") {
  FakeLimsServer lims;
  Folder folder;
  write(folder.path / "a.txt", "[Results]\nA1\tT1\tORF1ab\t31.2\n");
  write(folder.path / "b.csv", ",Well,Fluor,Content,Cq\n,A01,FAM,Unkn,NaN\n");
  lims.queueRunAnswers({{201, {}, {}}, {200, R"({"id":"run-1"})", {}}});
  const auto run = runGateway({"import", (folder.path / "a.txt").string(), (folder.path / "b.csv").string(), "--server",
                               lims.url(), "--user", "gateway", "--plate", "P 9"});
  CHECK(run.exitCode == 0);
  CHECK(run.out == (folder.path / "a.txt").string() + ": imported as run run-1\n" + (folder.path / "b.csv").string() +
                       ": already imported as run run-1\n");
  const auto requests = lims.runRequests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].uri == "/api/v1/runs?plate=P%209");
  CHECK(requests[0].contentType == "application/octet-stream");
  CHECK(requests[0].body == "[Results]\nA1\tT1\tORF1ab\t31.2\n");
  CHECK(requests[1].body == ",Well,Fluor,Content,Cq\n,A01,FAM,Unkn,NaN\n");
}

TEST_CASE("instrument-gateway import: a refused or missing file makes the exit code 1", "[links][program]") {
  FakeLimsServer lims;
  Folder folder;
  write(folder.path / "bad.txt", "garbage");
  lims.queueRunAnswers({{422, R"({"error":{"code":"unknown_format","message":"no reader recognises this file"}})", {}}});
  const auto run = runGateway({"import", (folder.path / "bad.txt").string(), (folder.path / "none.txt").string(),
                               "--server", lims.url(), "--user", "gateway"});
  CHECK(run.exitCode == 1);
  CHECK(run.out.find("bad.txt: REFUSED (HTTP 422): unknown_format: no reader recognises this file\n") != std::string::npos);
  CHECK(run.out.find("none.txt: not imported: not a readable file\n") != std::string::npos);
}

TEST_CASE("instrument-gateway: bad credentials stop it with one line and exit code 2", "[links][program]") {
  FakeLimsServer lims;
  const auto run = runGateway({"import", "x", "--server", lims.url(), "--user", "gateway"}, "wrong");
  CHECK(run.exitCode == 2);
  CHECK(run.err == "instrument-gateway: login as gateway refused (HTTP 401): bad_credentials: wrong user name or password\n");
  CHECK(lims.runRequests().empty());
}

TEST_CASE("instrument-gateway listen: prints its ports, serves ASTM and HL7, stops on a signal", "[links][program]") {
  FakeLimsServer lims;
  RunningGateway gateway({"listen", "--astm", "0", "--hl7", "0", "--bind", "127.0.0.1", "--server", lims.url(), "--user",
                          "gateway"});
  const std::regex pattern(R"((astm|hl7) link listening on 127\.0\.0\.1:(\d+))");
  std::smatch m;
  const std::string first = gateway.line();
  REQUIRE(std::regex_match(first, m, pattern));
  REQUIRE(m[1] == "astm");
  const auto astmPort = static_cast<std::uint16_t>(std::stoi(m[2]));
  const std::string second = gateway.line();
  REQUIRE(std::regex_match(second, m, pattern));
  REQUIRE(m[1] == "hl7");
  const auto hl7Port = static_cast<std::uint16_t>(std::stoi(m[2]));

  links::MllpClient hl7("127.0.0.1", hl7Port);
  const auto ack = links::Hl7Message::parse(hl7.exchange(oruR01()));
  REQUIRE(ack.message);
  CHECK(ack.message->segments()[1].get(1) == "AA");
  links::AstmSender astm("127.0.0.1", astmPort);
  const auto sent = astm.send(astmRun());
  CHECK(sent.ok);
  REQUIRE(lims.runRequests().size() == 2);
  CHECK(lims.runRequests()[1].body == astmRunJson());
  CHECK(gateway.stop() == 0);
}

TEST_CASE("instrument-gateway watch: picks up a dropped file, stops on a signal", "[links][program]") {
  FakeLimsServer lims;
  Folder folder;
  RunningGateway gateway({"watch", folder.path.string(), "--poll-ms", "50", "--server", lims.url(), "--user", "gateway"});
  CHECK(gateway.line() == "watching " + folder.path.string());
  write(folder.path / "export.txt.tmp", "[Results]\n");
  fs::rename(folder.path / "export.txt.tmp", folder.path / "export.txt");
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!fs::exists(folder.path / "done" / "export.txt") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  CHECK(fs::exists(folder.path / "done" / "export.txt"));
  CHECK(fs::exists(folder.path / ".instrument-gateway-state"));
  REQUIRE(lims.runRequests().size() == 1);
  CHECK(lims.runRequests()[0].body == "[Results]\n");
  CHECK(gateway.stop() == 0);
}
