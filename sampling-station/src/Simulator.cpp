#include "natlims/station/Simulator.h"

#include <poll.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <thread>

#include "OutputLines.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/station/ScriptRunner.h"

namespace natlims::station {

namespace {

constexpr std::array<std::string_view, 8> kAreas = {"110105", "310104", "440305", "330106",
                                                    "510107", "420106", "130102", "370202"};
constexpr std::array<std::string_view, 20> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                                        "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
constexpr std::array<std::string_view, 24> kGiven = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
                                                     "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "玉兰"};

}  // namespace

Simulator::Simulator(SimulateSettings settings) : _settings(settings), _rng(settings.seed) {}

std::string Simulator::residentId() {
  for (;;) {
    std::uniform_int_distribution<int> area(0, static_cast<int>(kAreas.size()) - 1), year(1940, 2019), month(1, 12),
        day(1, 28), seq(0, 999);
    char first17[32];
    std::snprintf(first17, sizeof first17, "%s%04d%02d%02d%03d", std::string(kAreas[static_cast<std::size_t>(area(_rng))]).c_str(),
                  year(_rng), month(_rng), day(_rng), seq(_rng));
    std::string id(first17, 17);
    id.push_back(domain::residentIdCheckChar(id));
    if (_used.insert(id).second) return id;
  }
}

std::string Simulator::personName() {
  std::uniform_int_distribution<std::size_t> s(0, kSurnames.size() - 1), g(0, kGiven.size() - 1);
  std::string name(kSurnames[s(_rng)]);
  name += kGiven[g(_rng)];
  if (_rng() % 3 == 0) name += kGiven[g(_rng)];
  return name;
}

std::string Simulator::newPerson() {
  std::string line = residentId() + " " + personName();
  _previousPerson = line;
  ++_peopleDone;
  // About 1 in 80 cards is misread (a wrong check character) and scanned again.
  if (_rng() % 80 == 0) {
    _retype = line;
    std::string bad = line;
    bad[17] = bad[17] == '1' ? '2' : '1';
    return bad;
  }
  return line;
}

bool Simulator::nextIsPerson(const Station& station) const {
  const Workflow& w = station.workflow();
  return !_retype && !w.openBox() && w.boxesAwaitingCourier().empty() &&
         static_cast<int>(_toPack.size()) < _settings.tubesPerBox && w.openTube() &&
         (_settings.people == 0 || _peopleDone < _settings.people);
}

void Simulator::observe(const Outcome& o) {
  if ((o.code == "registered_tube_closed" || o.code == "tube_closed") && !o.tube.empty()) _toPack.push_back(o.tube);
}

std::optional<std::string> Simulator::next(Station& station) {
  if (_finished) return std::nullopt;
  const Workflow& w = station.workflow();
  if (_retype) {
    std::string line = *_retype;
    _retype.reset();
    return line;
  }
  const bool allPeopleDone = _settings.people > 0 && _peopleDone >= _settings.people;
  if (!w.boxesAwaitingCourier().empty()) {
    return domain::makeCodeFromNumber(domain::CodeKind::Courier, _rng() % 852891037441ULL);
  }
  if (w.openBox()) {
    if (!_toPack.empty()) {
      std::string t = _toPack.front();
      _toPack.pop_front();
      return t;
    }
    return std::string("seal");
  }
  if (allPeopleDone && w.openTube()) return std::string("close");
  if (static_cast<int>(_toPack.size()) >= _settings.tubesPerBox || (allPeopleDone && !_toPack.empty()))
    return std::string("pack");  // takes a box code from the stock, or asks for a label (then retried)
  if (allPeopleDone) {
    _finished = true;
    return std::nullopt;
  }
  if (!w.openTube()) {
    if (auto code = station.takeTubeCode()) return *code;
    return std::nullopt;  // wait for the stock
  }
  // One person in 200 is scanned twice by mistake (the station refuses the second scan).
  if (!_previousPerson.empty() && _rng() % 200 == 0) return _previousPerson;
  return newPerson();
}

int runSimulation(Station& station, const SimulateSettings& settings, double speed, std::ostream& out,
                  const std::atomic<bool>& stop) {
  Simulator sim(settings);
  const auto interval = std::chrono::duration<double>(3600.0 / settings.ratePerHour / speed);
  auto nextPersonAt = std::chrono::steady_clock::now();
  std::size_t lineNo = 0;
  while (!stop && !sim.finished()) {
    for (const auto& n : station.poll()) out << noticeLine(n) << '\n';
    if (sim.nextIsPerson(station)) {
      const auto now = std::chrono::steady_clock::now();
      if (now < nextPersonAt) {
        pollfd pfd{station.eventFd(), POLLIN, 0};
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(nextPersonAt - now).count();
        ::poll(&pfd, 1, static_cast<int>(std::min<long long>(wait + 1, 200)));
        continue;
      }
      nextPersonAt = std::max(nextPersonAt + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval),
                              now - std::chrono::seconds(1));
    }
    auto line = sim.next(station);
    if (!line) {
      if (sim.finished()) break;
      pollfd pfd{station.eventFd(), POLLIN, 0};
      ::poll(&pfd, 1, 100);  // waiting for tube or box codes from the server
      continue;
    }
    const Outcome o = station.scan(*line);
    sim.observe(o);
    out << outcomeLine(++lineNo, o) << '\n';
    out.flush();
    // "pack" without a box code in stock only prompts: wait for the stock instead of spinning.
    if (o.code == "need_box") {
      pollfd pfd{station.eventFd(), POLLIN, 0};
      ::poll(&pfd, 1, 200);
    }
  }
  if (settings.people == 0) {
    for (const auto& n : station.poll()) out << noticeLine(n) << '\n';
    return 0;
  }
  return drainAndReport(station, out, stop);
}

}  // namespace natlims::station
