// lims-labels against the real lims-server: a server process on port 0 with a temporary data
// folder, codes allocated over HTTP, labels written and scanned back.
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <catch2/catch.hpp>

#include <set>

#include "LabelTestSupport.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/Scanner.h"

using namespace natlims::labels;

namespace {

const std::string kAdminPassword = "labels-test-secret-1";

// A lims-server on a free loopback port, stopped with SIGTERM at the end.
class Server {
 public:
  Server() : _handle(launch()) {
    Poco::PipeInputStream out(_out);
    std::string line;
    while (std::getline(out, line)) {
      const auto at = line.find("listening on ");
      if (at != std::string::npos) {
        _url = line.substr(at + 13);
        return;
      }
    }
    throw std::runtime_error("lims-server ended without listening");
  }
  ~Server() {
    Poco::Process::requestTermination(_handle.id());
    _handle.wait();
  }
  const std::string& url() const { return _url; }

 private:
  Poco::ProcessHandle launch() {
    Poco::Process::Env env{{"LIMS_ADMIN_PASSWORD", kAdminPassword}};
    return Poco::Process::launch(NATLIMS_BIN_DIR "/lims-server", {"--data", _data.path(), "--port", "0"}, ".",
                                 nullptr, &_out, nullptr, env);
  }

  test::TempDir _data;
  Poco::Pipe _out;
  Poco::ProcessHandle _handle;
  std::string _url;
};

}  // namespace

TEST_CASE("lims-labels --count allocates fresh codes from lims-server and labels them", "[labels][server]") {
  Server server;
  test::TempDir dir;
  const auto labels = [&](const std::string& folder) {
    return test::runProgram(NATLIMS_BIN_DIR "/lims-labels",
                            {"--count", "5", "--server", server.url(), "--user", "admin", "--format", "png", "--out",
                             dir.file(folder), "--campaign", "全民核酸", "--pool-size", "10"},
                            {{"LIMS_PASSWORD", kAdminPassword}});
  };
  std::set<std::string> all;
  for (const char* folder : {"first", "second"}) {
    const auto r = labels(folder);
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    const auto files = test::listFolder(dir.file(folder));
    REQUIRE(files.size() == 5);
    for (const auto& file : files) {
      const auto found = scanImageFile(dir.file(std::string(folder) + "/" + file));
      REQUIRE(found.size() == 1);
      const auto check = natlims::domain::validateCode(found[0].text, natlims::domain::CodeKind::Tube);
      CHECK(check.ok);
      CHECK(file == check.code + ".png");
      all.insert(check.code);
    }
  }
  CHECK(all.size() == 10);  // never handed out twice
}

TEST_CASE("lims-labels reports the server's refusal in one line", "[labels][server]") {
  Server server;
  test::TempDir dir;
  const auto r = test::runProgram(NATLIMS_BIN_DIR "/lims-labels",
                                  {"--count", "5", "--server", server.url(), "--user", "admin", "--format", "pdf",
                                   "--out", dir.file("x.pdf")},
                                  {{"LIMS_PASSWORD", "not-the-password"}});
  CHECK(r.exitCode == 1);
  CHECK(test::lineCount(r.err) == 1);
  CHECK(r.err.find("login as admin refused") != std::string::npos);
  CHECK(r.err.find("[401]") != std::string::npos);
  CHECK_FALSE(test::exists(dir.file("x.pdf")));

  const auto nobody = test::runProgram(NATLIMS_BIN_DIR "/lims-labels",
                                       {"--count", "5", "--server", "http://127.0.0.1:1", "--user", "admin", "--format",
                                        "pdf", "--out", dir.file("x.pdf")},
                                       {{"LIMS_PASSWORD", kAdminPassword}});
  CHECK(nobody.exitCode == 1);
  CHECK(nobody.err.find("cannot reach http://127.0.0.1:1") != std::string::npos);
}
