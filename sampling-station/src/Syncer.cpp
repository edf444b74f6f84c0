#include "natlims/station/Syncer.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <random>

#include "JsonText.h"
#include "natlims/station/SyncPlan.h"
#include "natlims/station/Clock.h"

namespace natlims::station {

namespace {

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool retryable(int status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace

Syncer::Syncer(Journal& journal, SyncSettings settings, Listener listener)
    : _journal(journal), _settings(std::move(settings)), _listener(std::move(listener)), _backoff(_settings.retryMin) {
  const int n = std::max(1, _settings.connections);
  for (int i = 0; i < n; ++i) _clients.push_back(std::make_unique<ApiClient>(_settings.serverUrl, _settings.timeout));
}

Syncer::~Syncer() { stop(); }

void Syncer::start() {
  if (_thread.joinable()) return;
  _thread = std::thread([this] { run(); });
}

void Syncer::stop() {
  {
    std::lock_guard lock(_mutex);
    _stop = true;
  }
  _cv.notify_all();
  if (_thread.joinable()) _thread.join();
}

void Syncer::wake() {
  {
    std::lock_guard lock(_mutex);
    ++_wakeups;
  }
  _cv.notify_all();
}

void Syncer::setStock(int boxCodes, int tubeCodes) {
  _boxStock = boxCodes;
  _tubeStock = tubeCodes;
}

SyncStatus Syncer::status() const {
  std::lock_guard lock(_mutex);
  return _status;
}

std::string Syncer::token() const {
  std::lock_guard lock(_mutex);
  return _token;
}

void Syncer::setOnline(bool online, const std::string& error) {
  bool changed = false;
  {
    std::lock_guard lock(_mutex);
    changed = _status.online != online || _status.lastError != error;
    _status.online = online;
    _status.lastError = error;
    if (online) {
      _status.lastContactAt = systemMillis();
      _status.nextRetryAt = 0;
    }
  }
  if (changed) {
    SyncEvent ev;
    ev.kind = SyncEvent::Kind::Status;
    ev.message = error;
    _listener(ev);
  }
}

void Syncer::run() {
  while (true) {
    std::uint64_t seen;
    {
      std::lock_guard lock(_mutex);
      if (_stop) return;
      seen = _wakeups;
    }
    if (token().empty()) {
      if (!login(*_clients[0])) {
        waitBackoff();
        continue;
      }
      afterLogin(*_clients[0]);
    }
    topUpStocks(*_clients[0]);
    if (_journal.counts().queued == 0) {
      std::unique_lock lock(_mutex);
      _cv.wait_for(lock, std::chrono::seconds(2), [&] { return _stop || _wakeups != seen; });
      continue;
    }
    if (sendRound()) {
      _backoff = _settings.retryMin;
    } else {
      waitBackoff();
    }
  }
}

void Syncer::waitBackoff() {
  static thread_local std::mt19937 rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  const auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(_backoff.count()) * jitter(rng)));
  _backoff = std::min(_settings.retryMax, _backoff * 2);
  std::unique_lock lock(_mutex);
  _status.nextRetryAt = systemMillis() + delay.count();
  _cv.wait_for(lock, delay, [&] { return _stop; });
  _status.nextRetryAt = 0;
}

bool Syncer::login(ApiClient& client) {
  const std::string body = JsonText().field("username", _settings.user).field("password", _settings.password).str();
  HttpAnswer a;
  try {
    a = client.send("POST", "/api/v1/session", body);
  } catch (const NetworkError& e) {
    setOnline(false, std::string("server unreachable: ") + e.what());
    return false;
  }
  if (a.status == 201 || a.status == 200) {
    auto obj = parseObject(a.body);
    const std::string token = obj ? obj->optValue<std::string>("token", "") : "";
    if (!token.empty()) {
      {
        std::lock_guard lock(_mutex);
        _token = token;
        _status.loggedIn = true;
      }
      setOnline(true, "");
      return true;
    }
  }
  const ApiError err = parseApiError(a);
  if (a.status == 401 || a.status == 403) {
    const std::string msg = "login refused for user " + _settings.user + ": " + err.message;
    setOnline(true, msg);
    SyncEvent ev;
    ev.kind = SyncEvent::Kind::LoginRefused;
    ev.message = msg;
    _listener(ev);
    return false;
  }
  setOnline(!retryable(a.status), "login failed: HTTP " + std::to_string(a.status) + " " + err.message);
  return false;
}

void Syncer::afterLogin(ApiClient& client) {
  const std::string tok = token();
  try {
    const HttpAnswer key = client.send("GET", "/api/v1/preregistration-key", {}, tok);
    if (key.status == 200) {
      auto obj = parseObject(key.body);
      if (obj) {
        if (auto pub = domain::ed25519PublicKeyFromBase64(obj->optValue<std::string>("public_key", ""))) {
          SyncEvent ev;
          ev.kind = SyncEvent::Kind::PreRegKey;
          ev.preRegKey = *pub;
          _listener(ev);
        }
      }
    }
    const HttpAnswer campaigns = client.send("GET", "/api/v1/campaigns", {}, tok);
    if (campaigns.status == 200) {
      auto obj = parseObject(campaigns.body);
      auto list = obj ? obj->getArray("campaigns") : nullptr;
      bool found = false;
      for (std::size_t i = 0; list && i < list->size(); ++i) {
        auto c = list->getObject(static_cast<unsigned>(i));
        if (!c || c->optValue<std::int64_t>("id", 0) != _settings.campaignId) continue;
        found = true;
        SyncEvent ev;
        ev.kind = SyncEvent::Kind::Campaign;
        ev.poolSize = c->optValue<int>("pool_size", 0);
        ev.campaignName = c->optValue<std::string>("name", "");
        _listener(ev);
      }
      if (!found) setOnline(true, "campaign " + std::to_string(_settings.campaignId) + " is not known to the server");
    }
  } catch (const NetworkError& e) {
    setOnline(false, std::string("server unreachable: ") + e.what());
  } catch (const Poco::Exception&) {
    // A malformed answer to these informational calls changes nothing.
  }
}

void Syncer::topUpStocks(ApiClient& client) {
  struct Need {
    const char* path;
    char kind;
    std::atomic<int>& stock;
    int minimum;
  };
  for (Need need : {Need{"/api/v1/box-codes", 'X', _boxStock, _settings.boxCodeStock},
                    Need{"/api/v1/tube-codes", 'T', _tubeStock, _settings.tubeCodeStock}}) {
    if (need.minimum <= 0 || need.stock.load() >= need.minimum) continue;
    const int count = std::max(5, need.minimum * 2);
    try {
      const HttpAnswer a = client.send("POST", need.path, JsonText().field("count", count).str(), token());
      if (a.status != 201 && a.status != 200) continue;
      auto obj = parseObject(a.body);
      auto list = obj ? obj->getArray("codes") : nullptr;
      SyncEvent ev;
      ev.kind = SyncEvent::Kind::Codes;
      ev.codeKind = need.kind;
      for (std::size_t i = 0; list && i < list->size(); ++i) ev.codes.push_back(list->getElement<std::string>(static_cast<unsigned>(i)));
      need.stock += static_cast<int>(ev.codes.size());
      if (!ev.codes.empty()) _listener(ev);
    } catch (const NetworkError&) {
      return;  // the main loop notices and backs off
    } catch (const Poco::Exception&) {
    }
  }
}

std::string Syncer::registrationBody(const JournalEntry& e) const {
  const Person& p = *e.person;
  JsonText j;
  j.field("campaign_id", _settings.campaignId)
      .field("tube", e.tube)
      .field("id_type", domain::idTypeName(p.idType))
      .field("id_number", p.idNumber)
      .field("nationality", p.nationality)
      .field("station", _settings.station)
      .field("sampled_at", formatRfc3339Utc(e.at));
  if (_settings.poolSize) j.field("pool_size", *_settings.poolSize);
  if (!p.name.empty()) j.field("name", p.name);
  if (!p.phone.empty()) j.field("phone", p.phone);
  if (e.resample) j.field("resample", true).field("reason", e.reason);
  return j.str();
}

Syncer::Result Syncer::send(ApiClient& client, JournalEntry& e, const std::string& tok) {
  const std::string key = _settings.journalId + "-" + std::to_string(e.seq);
  std::string method = "POST", path, body;
  switch (e.kind) {
    case EntryKind::Register:
      path = "/api/v1/registrations";
      body = registrationBody(e);
      break;
    case EntryKind::Void: {
      const auto ref = _journal.find(e.ref);
      if (!ref || ref->state != EntryState::Sent || ref->serverId.empty()) {
        e.state = EntryState::Skipped;
        e.errorMessage = "the registration undone was never accepted by the server";
        return Result::Skipped;
      }
      path = "/api/v1/registrations/" + ref->serverId + "/void";
      body = JsonText().field("reason", e.reason).str();
      break;
    }
    case EntryKind::CloseTube:
      path = "/api/v1/tubes/" + e.tube + "/close";
      body = "{}";
      break;
    case EntryKind::SealBox:
      path = "/api/v1/boxes";
      body = JsonText().field("code", e.box).array("tubes", e.tubes).str();
      break;
    case EntryKind::Handover:
      path = "/api/v1/boxes/" + e.box + "/handover";
      body = JsonText().field("courier", e.courier).field("handed_over_at", formatRfc3339Utc(e.at)).str();
      break;
    default:
      e.state = EntryState::Skipped;
      return Result::Skipped;
  }
  HttpAnswer a;
  try {
    a = client.send(method, path, body, tok, key);
  } catch (const NetworkError& ex) {
    e.errorMessage = std::string("server unreachable: ") + ex.what();
    return Result::Retry;
  }
  e.httpStatus = a.status;
  e.answeredAt = systemMillis();
  if (a.status >= 200 && a.status < 300) {
    e.state = EntryState::Sent;
    e.errorCode.clear();
    e.errorMessage.clear();
    e.errorField.clear();
    if (e.kind == EntryKind::Register) {
      auto obj = parseObject(a.body);
      if (obj && obj->has("id")) e.serverId = obj->get("id").toString();
    }
    return Result::Accepted;
  }
  const ApiError err = parseApiError(a);
  e.errorCode = err.code;
  e.errorMessage = err.message;
  e.errorField = err.field;
  if (a.status == 401) return Result::Relogin;
  if (retryable(a.status)) return Result::Retry;
  if (e.kind == EntryKind::CloseTube && err.code == "tube_empty") {
    // Every registration of the tube was refused or undone: there is nothing to close.
    e.state = EntryState::Skipped;
    return Result::Skipped;
  }
  e.state = EntryState::Refused;
  return Result::Refused;
}

bool Syncer::sendRound() {
  std::vector<JournalEntry> window = _journal.queued(_settings.window);
  if (window.empty()) return true;
  std::vector<JournalEntry> batch;
  for (std::size_t i : planSyncRound(window)) batch.push_back(std::move(window[i]));
  const std::size_t n = batch.size();

  const std::string tok = token();
  std::vector<Result> results(n, Result::Retry);
  std::atomic<std::size_t> next{0};
  auto worker = [&](ApiClient& client) {
    for (std::size_t i = next++; i < n; i = next++) results[i] = send(client, batch[i], tok);
  };
  const std::size_t helpers = std::min(_clients.size(), n) - 1;
  std::vector<std::thread> threads;
  for (std::size_t h = 1; h <= helpers; ++h) threads.emplace_back(worker, std::ref(*_clients[h]));
  worker(*_clients[0]);
  for (auto& t : threads) t.join();

  std::vector<JournalEntry> answered;
  bool retry = false, relogin = false;
  std::string networkError;
  for (std::size_t i = 0; i < n; ++i) {
    switch (results[i]) {
      case Result::Accepted:
      case Result::Refused:
      case Result::Skipped: answered.push_back(batch[i]); break;
      case Result::Retry:
        retry = true;
        if (networkError.empty())
          networkError = batch[i].httpStatus ? "server busy or failing: HTTP " + std::to_string(batch[i].httpStatus) + " " +
                                                   batch[i].errorMessage
                                             : batch[i].errorMessage;
        break;
      case Result::Relogin: relogin = true; break;
    }
  }
  if (helpers > 0 && !retry && _journal.counts().queued <= static_cast<std::int64_t>(answered.size())) {
    // The backlog is (about to be) gone: give the server back the extra connections.
    for (std::size_t h = 1; h < _clients.size(); ++h) _clients[h]->disconnect();
  }
  if (!answered.empty()) {
    // In slices, so that a scan waiting for the journal never waits for a thousand updates.
    constexpr std::size_t kSlice = 128;
    for (std::size_t at = 0; at < answered.size(); at += kSlice)
      _journal.recordAnswers(std::vector<JournalEntry>(answered.begin() + static_cast<std::ptrdiff_t>(at),
                                                       answered.begin() + static_cast<std::ptrdiff_t>(std::min(answered.size(), at + kSlice))));
    SyncEvent ev;
    ev.kind = SyncEvent::Kind::Answers;
    ev.answered = std::move(answered);
    _listener(ev);
  }
  if (relogin) {
    // The session expired (or the server lost it): log in again after a short pause.
    {
      std::lock_guard lock(_mutex);
      _token.clear();
      _status.loggedIn = false;
    }
    if (!retry) return false;
  }
  if (retry) {
    const bool reached = networkError.rfind("server busy", 0) == 0;
    setOnline(reached, networkError);
    return false;
  }
  setOnline(true, "");
  return true;
}

}  // namespace natlims::station
