// The operator's screen as a terminal shows it: the real program in a tmux pane of 80x24, driven
// with send-keys (scanner lines and function keys) and read back with capture-pane.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>

#include "LimsServerFixture.h"
#include "StationTestSupport.h"
#include "natlims/station/BigText.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

namespace {

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class Tmux {
 public:
  Tmux() : _socket("natlims-station-test-" + std::to_string(::getpid())) {}
  ~Tmux() { run("kill-server"); }

  std::string run(const std::string& args) {
    const std::string cmd = "tmux -u -L " + _socket + " " + args + " 2>/dev/null";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
      _lastStatus = ::pclose(p);
    }
    return out;
  }
  bool ok() const { return _lastStatus == 0; }
  std::string capture(bool escapes = false) { return run(std::string("capture-pane -p ") + (escapes ? "-e " : "") + "-t st"); }
  void type(const std::string& text) {
    run("send-keys -t st -l " + shellQuote(text));
    run("send-keys -t st Enter");
  }
  void key(const std::string& name) { run("send-keys -t st " + name); }
  /// Waits until the pane shows `text`; returns the last capture.
  std::string waitFor(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string screen;
    while (std::chrono::steady_clock::now() < deadline) {
      screen = capture();
      if (screen.find(text) != std::string::npos) return screen;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return screen;
  }

 private:
  std::string _socket;
  int _lastStatus = -1;
};

}  // namespace

TEST_CASE("the screen shows the open tube in large type, masked people, sync state and errors, and keys work",
          "[station][integration][screen]") {
  TempDir dir;
  LimsServer server(dir);
  const auto tube = server.tubeCodes(1).at(0);
  Tmux tmux;
  const std::string cmd = "env LANG=C.UTF-8 TERM=xterm LIMS_PASSWORD=" + std::string(LimsServer::kSamplerPassword) + " " +
                          binary("sampling-station") + " --server " + server.url() + " --user " + LimsServer::kSampler +
                          " --station S-01 --campaign " + std::to_string(server.campaign()) + " --journal " +
                          dir.file("screen.journal") + " --retry-min 50 --retry-max 300";
  tmux.run("new-session -d -s st -x 80 -y 24 " + shellQuote(cmd));
  REQUIRE(tmux.ok());
  std::string screen = tmux.waitFor("NO TUBE OPEN");
  INFO(screen);
  REQUIRE(screen.find("NO TUBE OPEN") != std::string::npos);
  CHECK(screen.find("station S-01") != std::string::npos);
  CHECK(screen.find("operator sampler1") != std::string::npos);

  tmux.type(tube);
  for (unsigned i = 1; i <= 3; ++i) tmux.type(residentId(300 + i) + " 张三");
  screen = tmux.waitFor("sent 3");
  INFO(screen);
  CHECK(screen.find("TUBE " + domain::groupCodeForReading(tube)) != std::string::npos);
  // "3/10" in large type, row by row.
  const auto big = bigText("3/10");
  for (std::string row : big) {
    while (!row.empty() && row.back() == ' ') row.pop_back();  // capture-pane drops trailing blanks
    CHECK(screen.find(row) != std::string::npos);
  }
  CHECK(screen.find("1101**********") != std::string::npos);
  CHECK(screen.find("张*") != std::string::npos);
  CHECK(screen.find(residentId(303)) == std::string::npos);  // never the full number
  CHECK(screen.find("ONLINE") != std::string::npos);
  CHECK(screen.find("queued 0") != std::string::npos);
  CHECK(screen.find("#3 in") != std::string::npos);

  // A misread card: refused, in red.
  tmux.type(badCheckId(304));
  screen = tmux.waitFor("ERROR");
  CHECK(screen.find("wrong check character") != std::string::npos);
  const std::string colored = tmux.capture(true);
  const auto errorAt = colored.find("ERROR");
  REQUIRE(errorAt != std::string::npos);
  const std::string before = colored.substr(colored.rfind('\n', errorAt) + 1, errorAt - colored.rfind('\n', errorAt) - 1);
  CHECK(before.find("31m") != std::string::npos);

  // F1 closes the tube early; the count is recorded.
  tmux.key("F1");
  screen = tmux.waitFor("closed early");
  CHECK(screen.find("closed early with 3/10") != std::string::npos);
  CHECK(screen.find("NO TUBE OPEN") != std::string::npos);
  screen = tmux.waitFor("sent 4");
  CHECK(screen.find("sent 4") != std::string::npos);

  // F10 quits; everything was uploaded.
  tmux.key("F10");
  for (int i = 0; i < 100 && (tmux.run("has-session -t st"), tmux.ok()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(tmux.ok());
  int count = 0;
  CHECK(server.closeTube(tube, &count) == "closed");
  CHECK(count == 3);
}
