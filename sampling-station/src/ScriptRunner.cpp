#include "natlims/station/ScriptRunner.h"

#include <poll.h>

#include <filesystem>
#include <fstream>

#include "JsonText.h"
#include "OutputLines.h"

namespace natlims::station {

namespace {

void printNotices(Station& station, std::ostream& out) {
  for (const auto& n : station.poll()) out << noticeLine(n) << '\n';
  out.flush();
}

}  // namespace

int drainAndReport(Station& station, std::ostream& out, const std::atomic<bool>& stop) {
  // Report changes of the sync's state; the start (not yet logged in) is no change.
  bool wasOnline = true;
  std::string lastProblem;
  while (!stop) {
    printNotices(station, out);
    if (station.loginRefused()) {
      out << JsonText().field("event", "login_refused").field("message", station.loginError()).str() << '\n';
      out.flush();
      return 2;
    }
    if (station.counts().queued == 0 && station.pendingPrints() == 0) break;
    const SyncStatus s = station.syncStatus();
    const bool starting = !s.online && s.lastError.empty();
    if (!starting && (s.online != wasOnline || s.lastError != lastProblem)) {
      out << JsonText()
                 .field("event", s.online ? "online" : "offline")
                 .field("queued", station.counts().queued)
                 .field("message", s.lastError)
                 .str()
          << '\n';
      out.flush();
      wasOnline = s.online;
      lastProblem = s.lastError;
    }
    pollfd pfd{station.eventFd(), POLLIN, 0};
    ::poll(&pfd, 1, 200);
  }
  printNotices(station, out);
  const JournalCounts c = station.counts();
  const StationTotals& t = station.workflow().totals();
  out << JsonText()
             .field("event", stop && c.queued > 0 ? "stopped" : "done")
             .field("people", t.people)
             .field("tubes_closed", t.tubesClosed)
             .field("boxes_sealed", t.boxesSealed)
             .field("sent", c.sent)
             .field("refused", c.refused)
             .field("queued", c.queued)
             .str()
      << '\n';
  out.flush();
  if (c.queued > 0) return 3;
  return c.refused > 0 ? 1 : 0;
}

int runScript(Station& station, const std::string& path, std::ostream& out, const std::atomic<bool>& stop) {
  std::ifstream in(path);
  if (!in) {
    out << JsonText().field("event", "error").field("message", "cannot read script " + path).str() << '\n';
    return 4;
  }
  std::error_code ec;
  const std::string key = "script_progress:" + std::filesystem::weakly_canonical(path, ec).string();
  const std::size_t done = std::stoul(station.journal().meta(key).value_or("0"));
  if (done > 0) out << JsonText().field("event", "resumed").field("after_line", static_cast<std::int64_t>(done)).str() << '\n';
  std::string line;
  std::size_t lineNo = 0;
  while (!stop && std::getline(in, line)) {
    ++lineNo;
    if (lineNo <= done) continue;
    const Outcome o = station.scan(line, {{key, std::to_string(lineNo)}});
    if (o.status == Outcome::Status::Ignored && o.code.empty()) continue;  // blank line
    out << outcomeLine(lineNo, o) << '\n';
    printNotices(station, out);
  }
  return drainAndReport(station, out, stop);
}

}  // namespace natlims::station
