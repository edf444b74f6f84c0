#include "natlims/station/ScreenApp.h"

#include <poll.h>
#include <unistd.h>

#include <chrono>

#include "natlims/domain/Utf8.h"
#include "natlims/station/Clock.h"

namespace natlims::station {

namespace {

constexpr std::size_t kMaxInput = 1024;  // a pre-registration payload is ~230 bytes

std::string functionKeyWord(int n) {
  switch (n) {
    case 1: return "close";
    case 2: return "undo";
    case 3: return "reprint";
    case 4: return "pack";
    case 5: return "seal";
    case 6: return "handover";
    case 7: return "resample";
    case 10: return "quit";
    default: return {};
  }
}

}  // namespace

ScreenApp::ScreenApp(Station& station, Terminal& terminal, const std::atomic<bool>& stop)
    : _station(station), _terminal(terminal), _stop(stop) {}

ScreenView ScreenApp::view() const {
  const Workflow& w = _station.workflow();
  const std::int64_t now = _station.now();
  ScreenView v;
  v.station = _station.settings().station;
  v.operatorName = _station.settings().user.empty() ? "-" : _station.settings().user;
  v.campaign = std::to_string(_station.campaignId());
  if (!_station.campaignName().empty()) v.campaign += " " + _station.campaignName();
  v.clock = formatLocalTime(now);
  v.pool = w.poolSize();
  if (const auto& t = w.openTube()) {
    v.tube = t->code;
    v.count = t->count;
  }
  if (const auto& p = w.lastPerson()) {
    v.lastPersonLabel = p->label;
    v.lastPersonTube = p->tube;
    v.lastPersonPosition = p->position;
    v.lastPersonTime = formatLocalTime(p->at);
  }
  if (const auto& b = w.openBox()) {
    v.openBox = b->code;
    v.openBoxTubes = static_cast<int>(b->tubes.size());
  }
  v.boxesAwaitingCourier = static_cast<int>(w.boxesAwaitingCourier().size());
  v.people = w.totals().people;
  v.tubesClosed = w.totals().tubesClosed;
  v.boxesSealed = w.totals().boxesSealed;
  v.peoplePerHour = w.peoplePerHour(now);
  const SyncStatus s = _station.syncStatus();
  const JournalCounts c = _station.counts();
  v.online = s.online;
  v.queued = c.queued;
  v.sent = c.sent;
  v.refused = c.refused;
  if (s.lastContactAt > 0) v.lastContact = formatLocalTime(s.lastContactAt);
  v.syncProblem = _station.loginRefused() ? _station.loginError() : s.lastError;
  if (s.nextRetryAt > 0) v.retryInSeconds = static_cast<int>(std::max<std::int64_t>(0, (s.nextRetryAt - systemMillis() + 999) / 1000));
  v.messageStatus = _last.status;
  v.message = _last.message;
  v.error = _error;
  v.advice = _advice;
  v.errorTime = _errorTime;
  v.nextStep = w.nextStep();
  v.input = _input;
  return v;
}

void ScreenApp::draw() {
  const auto [cols, rows] = _terminal.size();
  const auto lines = renderScreen(view(), static_cast<std::size_t>(cols), static_cast<std::size_t>(rows), true);
  std::string out = "\x1b[H";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    out += "\x1b[K";
    if (i + 1 < lines.size()) out += "\r\n";
  }
  _terminal.write(out);
}

void ScreenApp::submit(const std::string& line) {
  Outcome o;
  try {
    o = _station.scan(line);
  } catch (const std::exception& e) {
    // The journal could not be written: nothing was acknowledged.
    o.status = Outcome::Status::Refused;
    o.code = "journal_failed";
    o.message = std::string("NOT RECORDED, journal write failed: ") + e.what();
  }
  if (o.status == Outcome::Status::Ignored && o.code.empty()) return;
  if (o.code == "quit") {
    _quit = true;
    return;
  }
  if (_simulator) _simulator->observe(o);
  _last = o;
  if (o.status == Outcome::Status::Refused) {
    _error = o.message;
    _advice.clear();
    _errorTime = formatLocalTime(_station.now());
    _terminal.write("\a");
  }
}

void ScreenApp::onKey(const KeyEvent& ev) {
  switch (ev.kind) {
    case KeyEvent::Kind::Text:
      if (_input.size() + ev.text.size() <= kMaxInput) _input += ev.text;
      break;
    case KeyEvent::Kind::Backspace:
      while (!_input.empty()) {
        const unsigned char c = static_cast<unsigned char>(_input.back());
        _input.pop_back();
        if ((c & 0xC0) != 0x80) break;  // removed a whole UTF-8 character
      }
      break;
    case KeyEvent::Kind::Enter: {
      const std::string line = _input;
      _input.clear();
      submit(line);
      break;
    }
    case KeyEvent::Kind::FunctionKey:
      if (const std::string word = functionKeyWord(ev.function); !word.empty()) submit(word);
      break;
    case KeyEvent::Kind::Escape: _input.clear(); break;
  }
}

void ScreenApp::showNotices() {
  const auto notices = _station.poll();
  if (notices.empty()) return;
  const Notice& n = notices.back();
  _error = n.message + (notices.size() > 1 ? " (and " + std::to_string(notices.size() - 1) + " more)" : "");
  _advice = n.advice;
  _errorTime = formatLocalTime(_station.now());
  _terminal.write("\a");
}

int ScreenApp::run(Simulator* simulator, double ratePerHour, double speed) {
  _simulator = simulator;
  const auto interval = std::chrono::duration<double>(simulator ? 3600.0 / ratePerHour / speed : 1.0);
  auto nextSimAt = std::chrono::steady_clock::now();
  auto lastDraw = std::chrono::steady_clock::time_point{};
  draw();
  while (!_stop && !_quit) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {_station.eventFd(), POLLIN, 0}};
    int timeout = 250;
    if (simulator) timeout = 20;
    const int n = ::poll(fds, 2, timeout);
    bool changed = false;
    if (n > 0 && (fds[0].revents & POLLIN)) {
      char buf[1024];
      const auto got = ::read(STDIN_FILENO, buf, sizeof buf);
      if (got > 0) {
        for (const auto& ev : _keys.feed(std::string_view(buf, static_cast<std::size_t>(got)))) onKey(ev);
      }
      changed = true;
    } else if (n == 0) {
      for (const auto& ev : _keys.flush()) onKey(ev);
    }
    if (fds[1].revents & POLLIN) {
      showNotices();
      changed = true;
    }
    if (simulator && !simulator->finished()) {
      const auto now = std::chrono::steady_clock::now();
      const bool person = simulator->nextIsPerson(_station);
      if (!person || now >= nextSimAt) {
        if (auto line = simulator->next(_station)) {
          submit(*line);
          changed = true;
          if (person)
            nextSimAt = std::max(nextSimAt + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval),
                                 now - std::chrono::seconds(1));
        }
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (changed || now - lastDraw >= std::chrono::seconds(1)) {
      draw();
      lastDraw = now;
    }
  }
  showNotices();
  return 0;
}

}  // namespace natlims::station
