#include "natlims/station/Station.h"

#include <fcntl.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

#include "natlims/station/Scan.h"

namespace natlims::station {

namespace {

std::string randomId() {
  std::random_device rd;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    const unsigned v = rd();
    out.push_back(kHex[v & 15]);
    out.push_back(kHex[(v >> 4) & 15]);
  }
  return out;
}

std::deque<std::string> splitCodes(const std::string& s) {
  std::deque<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

Station::Station(StationSettings settings, Clock clock, LabelSink* labels)
    : _settings(std::move(settings)), _clock(std::move(clock)), _labels(labels), _journal(_settings.journalPath) {
  if (_settings.station.empty()) throw std::runtime_error("a station id is required (--station)");
  // The journal belongs to one station and one campaign: mixing them would upload one station's
  // scans under another's name.
  std::map<std::string, std::string> meta;
  const auto journalStation = _journal.meta("station");
  if (journalStation && *journalStation != _settings.station)
    throw std::runtime_error("journal " + _settings.journalPath + " belongs to station " + *journalStation +
                             ", not " + _settings.station + ": use another --journal");
  if (!journalStation) meta["station"] = _settings.station;
  const auto journalCampaign = _journal.meta("campaign");
  if (journalCampaign) {
    const std::int64_t id = std::stoll(*journalCampaign);
    if (_settings.campaignId != 0 && _settings.campaignId != id)
      throw std::runtime_error("journal " + _settings.journalPath + " belongs to campaign " + *journalCampaign +
                               ", not " + std::to_string(_settings.campaignId) + ": use another --journal");
    _settings.campaignId = id;
  } else {
    if (_settings.campaignId <= 0) throw std::runtime_error("a campaign is required (--campaign ID)");
    meta["campaign"] = std::to_string(_settings.campaignId);
  }
  std::string journalId = _journal.meta("journal_id").value_or("");
  if (journalId.empty()) meta["journal_id"] = journalId = randomId();
  if (!_settings.user.empty()) meta["user"] = _settings.user;
  if (!meta.empty()) _journal.setMeta(meta);

  int pool = 10;
  if (auto p = _journal.meta("pool_size")) pool = std::stoi(*p);
  if (_settings.poolSize) pool = *_settings.poolSize;
  _workflow.setPoolSize(pool);
  _campaignName = _journal.meta("campaign_name").value_or("");
  if (_settings.preRegKey) {
    _preRegKey = _settings.preRegKey;
  } else if (auto k = _journal.meta("prereg_key")) {
    _preRegKey = domain::ed25519PublicKeyFromBase64(*k);
  }
  _boxCodes = splitCodes(_journal.meta("box_codes").value_or(""));
  _tubeCodes = splitCodes(_journal.meta("tube_codes").value_or(""));

  for (const auto& e : _journal.all()) _workflow.apply(e);

  if (::pipe2(_eventPipe, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("station: cannot create a pipe");

  if (_settings.startSync) {
    SyncSettings s = _settings.sync;
    s.user = _settings.user;
    s.station = _settings.station;
    s.campaignId = _settings.campaignId;
    s.journalId = journalId;
    s.poolSize = _settings.poolSize;
    _syncer = std::make_unique<Syncer>(_journal, s, [this](const SyncEvent& ev) { onSyncEvent(ev); });
    _syncer->setStock(static_cast<int>(_boxCodes.size()), static_cast<int>(_tubeCodes.size()));
    _syncer->start();
  }
}

Station::~Station() {
  {
    // Labels already asked for are still printed.
    std::lock_guard lock(_printMutex);
    _stopPrinting = true;
  }
  _printCv.notify_all();
  if (_printThread.joinable()) _printThread.join();
  if (_syncer) _syncer->stop();
  _syncer.reset();
  ::close(_eventPipe[0]);
  ::close(_eventPipe[1]);
}

void Station::onSyncEvent(const SyncEvent& ev) {
  {
    std::lock_guard lock(_inboxMutex);
    _inbox.push_back(ev);
  }
  wakeReader();
}

void Station::wakeReader() {
  const char byte = 1;
  [[maybe_unused]] const auto n = ::write(_eventPipe[1], &byte, 1);  // a full pipe already wakes the reader
}

std::size_t Station::pendingPrints() const {
  std::lock_guard lock(_printMutex);
  return _printJobs.size() + (_printing ? 1 : 0);
}

void Station::printLoop() {
  std::unique_lock lock(_printMutex);
  for (;;) {
    _printCv.wait(lock, [&] { return _stopPrinting || !_printJobs.empty(); });
    if (_printJobs.empty()) return;  // stopping, and nothing left to print
    PrintJob job = _printJobs.front();
    _printJobs.pop_front();
    _printing = true;
    lock.unlock();
    const std::string err = _labels->printTubeLabel(job.code, job.campaign, job.poolSize);
    lock.lock();
    _printing = false;
    if (!err.empty()) {
      Notice n;
      n.kind = "print";
      n.code = "print_failed";
      n.message = "label of tube " + job.code + " not printed (" + _labels->describe() + "): " + err;
      n.advice = "check the printer (power, paper, cable) and press F3 to reprint";
      {
        std::lock_guard inbox(_inboxMutex);
        _printFailures.push_back(n);
      }
      wakeReader();
    }
  }
}

SyncStatus Station::syncStatus() const {
  if (!_syncer) {
    SyncStatus s;
    s.lastError = "no server configured";
    return s;
  }
  return _syncer->status();
}

std::string Station::stockText(const std::deque<std::string>& codes) const {
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out.push_back(',');
    out += c;
  }
  return out;
}

std::optional<std::string> Station::takeTubeCode() {
  if (_tubeCodes.empty()) return std::nullopt;
  std::string code = _tubeCodes.front();
  _tubeCodes.pop_front();
  _journal.setMeta({{"tube_codes", stockText(_tubeCodes)}});
  if (_syncer) _syncer->setStock(static_cast<int>(_boxCodes.size()), static_cast<int>(_tubeCodes.size()));
  return code;
}

Outcome Station::scan(std::string_view line, const std::map<std::string, std::string>& progress) {
  Scan s = recognizeScan(line, _preRegKey);
  std::map<std::string, std::string> writes;
  // "pack" with box codes in stock starts packing into the next one: no box label to find.
  if (s.kind == ScanKind::Command && s.command == Command::Pack && !_workflow.openBox() && !_boxCodes.empty()) {
    s.kind = ScanKind::Box;
    s.code = _boxCodes.front();
    std::deque<std::string> rest(_boxCodes.begin() + 1, _boxCodes.end());
    writes["box_codes"] = stockText(rest);
  }
  const std::int64_t now = _clock();
  Decision d = _workflow.decide(s, now);
  if (!_workflow.waitingPerson() && !_workflow.resampleArmed())
    writes.insert(progress.begin(), progress.end());
  if (d.outcome.code == "reprint") {
    if (!_labels) {
      d.outcome.status = Outcome::Status::Refused;
      d.outcome.code = "no_printer";
      d.outcome.message = "no label printer configured (start with --printer HOST:PORT or --labels-pdf FILE)";
    } else {
      // Printed on the print thread: a printer that does not answer must not hold up the scans.
      {
        std::lock_guard lock(_printMutex);
        _printJobs.push_back({d.outcome.tube, _campaignName, _workflow.poolSize()});
        if (!_printThread.joinable()) _printThread = std::thread([this] { printLoop(); });
      }
      _printCv.notify_all();
    }
  }
  if (d.entries.empty()) {
    if (writes.count("box_codes")) writes.erase("box_codes");  // the box did not open
    if (!writes.empty()) _journal.setMeta(writes);
    return d.outcome;
  }
  _journal.append(d.entries, writes);  // durable when it returns
  if (writes.count("box_codes")) {
    _boxCodes.pop_front();
    if (_syncer) _syncer->setStock(static_cast<int>(_boxCodes.size()), static_cast<int>(_tubeCodes.size()));
  }
  for (const auto& e : d.entries) {
    _workflow.apply(e);
    d.outcome.seqs.push_back(e.seq);
  }
  if (_syncer) _syncer->wake();
  return d.outcome;
}

std::vector<Notice> Station::poll() {
  char buf[256];
  while (::read(_eventPipe[0], buf, sizeof buf) > 0) {
  }
  std::vector<SyncEvent> events;
  std::vector<Notice> notices;
  {
    std::lock_guard lock(_inboxMutex);
    events.swap(_inbox);
    notices.swap(_printFailures);
  }
  for (const auto& ev : events) {
    switch (ev.kind) {
      case SyncEvent::Kind::Answers:
        for (const auto& e : ev.answered) {
          _workflow.applyAnswer(e);
          if (e.state == EntryState::Refused) notices.push_back(noticeFor(e));
        }
        break;
      case SyncEvent::Kind::PreRegKey:
        if (!_settings.preRegKey && ev.preRegKey && _preRegKey != ev.preRegKey) {
          _preRegKey = ev.preRegKey;
          _journal.setMeta({{"prereg_key", domain::toBase64(*_preRegKey)}});
        }
        break;
      case SyncEvent::Kind::Campaign: {
        std::map<std::string, std::string> m;
        if (ev.campaignName != _campaignName) m["campaign_name"] = _campaignName = ev.campaignName;
        if (!_settings.poolSize && ev.poolSize > 0 && ev.poolSize != _workflow.poolSize()) {
          // The campaign's pool size, learned at login, applies from the next scan on.
          _workflow.setPoolSize(ev.poolSize);
          m["pool_size"] = std::to_string(ev.poolSize);
        }
        if (!m.empty()) _journal.setMeta(m);
        break;
      }
      case SyncEvent::Kind::Codes: {
        auto& stock = ev.codeKind == 'T' ? _tubeCodes : _boxCodes;
        for (const auto& c : ev.codes) stock.push_back(c);
        _journal.setMeta({{ev.codeKind == 'T' ? "tube_codes" : "box_codes", stockText(stock)}});
        if (_syncer) _syncer->setStock(static_cast<int>(_boxCodes.size()), static_cast<int>(_tubeCodes.size()));
        break;
      }
      case SyncEvent::Kind::LoginRefused:
        _loginRefused = true;
        _loginError = ev.message;
        break;
      case SyncEvent::Kind::Status: break;
    }
  }
  return notices;
}

}  // namespace natlims::station
