#include "natlims/station/Syncer.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <random>
#include <sstream>

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

// The "id" of an accepted registration's answer (empty without one).
std::string idOf(const Poco::JSON::Object::Ptr& obj) { return obj && obj->has("id") ? obj->get("id").toString() : std::string(); }

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
      _batchesTaken = true;  // the server may have been upgraded since a 404 to a batch
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

std::string Syncer::idempotencyKey(const JournalEntry& e) const { return _settings.journalId + "-" + std::to_string(e.seq); }

std::string Syncer::registrationBody(const JournalEntry& e, bool withKey) const {
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
  if (withKey) j.field("idempotency_key", idempotencyKey(e));
  return j.str();
}

Syncer::Result Syncer::send(ApiClient& client, JournalEntry& e, const std::string& tok) {
  const std::string key = idempotencyKey(e);
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
  if (a.status >= 200 && a.status < 300)
    return recordAnswer(e, a.status, e.kind == EntryKind::Register ? idOf(parseObject(a.body)) : std::string(), {});
  return recordAnswer(e, a.status, {}, parseApiError(a));
}

Syncer::Result Syncer::recordAnswer(JournalEntry& e, int status, const std::string& serverId, const ApiError& err) {
  e.httpStatus = status;
  e.answeredAt = systemMillis();
  if (status >= 200 && status < 300) {
    e.state = EntryState::Sent;
    e.errorCode.clear();
    e.errorMessage.clear();
    e.errorField.clear();
    if (!serverId.empty()) e.serverId = serverId;
    return Result::Accepted;
  }
  e.errorCode = err.code;
  e.errorMessage = err.message;
  e.errorField = err.field;
  if (status == 401) return Result::Relogin;
  if (retryable(status)) return Result::Retry;
  if (e.kind == EntryKind::CloseTube && err.code == "tube_empty") {
    // Every registration of the tube was refused or undone: there is nothing to close.
    e.state = EntryState::Skipped;
    return Result::Skipped;
  }
  e.state = EntryState::Refused;
  return Result::Refused;
}

void Syncer::sendBatches(ApiClient& client, std::vector<JournalEntry>& round,
                         const std::vector<std::vector<std::size_t>>& batches, std::vector<Result>& results,
                         const std::string& tok) {
  for (const auto& batch : batches) {
    if (!_batchesTaken || sendBatch(client, round, batch, results, tok) == BatchAnswer::SendSingly)
      for (std::size_t i : batch) results[i] = send(client, round[i], tok);
    // The next batch goes only once this one is answered in full: after a failure (or an entry
    // to retry) the rest wait for the next round, so the server sees the journal's order.
    const bool failed = std::any_of(batch.begin(), batch.end(), [&](std::size_t i) {
      return results[i] == Result::Retry || results[i] == Result::Relogin;
    });
    if (failed) return;
  }
}

Syncer::BatchAnswer Syncer::sendBatch(ApiClient& client, std::vector<JournalEntry>& round,
                                      const std::vector<std::size_t>& batch, std::vector<Result>& results,
                                      const std::string& tok) {
  std::string body = "{\"registrations\":[";
  for (std::size_t k = 0; k < batch.size(); ++k) {
    if (k) body.push_back(',');
    body += registrationBody(round[batch[k]], true);
  }
  body += "]}";
  HttpAnswer a;
  try {
    a = client.send("POST", "/api/v1/registrations/batch", body, tok);
  } catch (const NetworkError& ex) {
    // The batch may or may not have arrived: each entry is resent with its key, like a single call.
    for (std::size_t i : batch) {
      round[i].errorMessage = std::string("server unreachable: ") + ex.what();
      results[i] = Result::Retry;
    }
    return BatchAnswer::Answered;
  }
  if (a.status == 404 || a.status == 405) {
    _batchesTaken = false;  // an older server: one request per entry until the next login
    return BatchAnswer::SendSingly;
  }
  if (a.status != 200) {
    // 401, 408, 429, 5xx: the whole request is retried (or the session renewed), as a single call
    // would be. Anything else is a problem with the request as a whole (nothing was stored): each
    // entry then gets its own answer from the single call.
    if (a.status != 401 && !retryable(a.status)) return BatchAnswer::SendSingly;
    const ApiError err = parseApiError(a);
    for (std::size_t i : batch) results[i] = recordAnswer(round[i], a.status, {}, err);
    return BatchAnswer::Answered;
  }
  for (std::size_t i : batch) {
    round[i].httpStatus = a.status;
    round[i].errorMessage = "the server's batch answer left this entry out";
    results[i] = Result::Retry;
  }
  const auto obj = parseObject(a.body);
  const auto list = obj ? obj->getArray("results") : nullptr;
  for (std::size_t r = 0; list && r < list->size(); ++r) {
    const auto result = list->getObject(static_cast<unsigned>(r));
    const auto index = result ? result->optValue<std::int64_t>("index", -1) : -1;
    const int status = result ? result->optValue<int>("status", 0) : 0;
    if (index < 0 || static_cast<std::size_t>(index) >= batch.size() || status == 0) continue;
    const std::size_t i = batch[static_cast<std::size_t>(index)];
    if (status >= 200 && status < 300) {
      results[i] = recordAnswer(round[i], status, idOf(result), {});
    } else {
      // The entry's {"error":{...}} is the single call's error object.
      std::ostringstream text;
      result->stringify(text);
      results[i] = recordAnswer(round[i], status, {}, parseApiError(HttpAnswer{status, text.str()}));
    }
  }
  return BatchAnswer::Answered;
}

bool Syncer::sendRound() {
  std::vector<JournalEntry> window = _journal.queued(_settings.window);
  if (window.empty()) return true;
  std::vector<JournalEntry> round;
  for (std::size_t i : planSyncRound(window)) round.push_back(std::move(window[i]));
  const std::size_t n = round.size();

  // More than one registration picked: they go in batch requests (journal order), the rest one
  // request per entry. planSyncRound picked nothing that has to wait for another picked entry, so
  // the singles travel alongside the batches; a close waits for its tube's registrations.
  std::vector<std::vector<std::size_t>> batches;
  std::vector<std::size_t> singles;
  const std::size_t registrations = static_cast<std::size_t>(
      std::count_if(round.begin(), round.end(), [](const JournalEntry& e) { return e.kind == EntryKind::Register; }));
  const bool batching = _batchesTaken && _settings.batchSize > 1 && registrations > 1;
  for (std::size_t i = 0; i < n; ++i) {
    if (!batching || round[i].kind != EntryKind::Register) {
      singles.push_back(i);
    } else {
      if (batches.empty() || batches.back().size() >= _settings.batchSize) batches.emplace_back();
      batches.back().push_back(i);
    }
  }

  const std::string tok = token();
  std::vector<Result> results(n, Result::NotSent);
  std::atomic<std::size_t> next{0};
  auto worker = [&](ApiClient& client) {
    for (std::size_t k = next++; k < singles.size(); k = next++) results[singles[k]] = send(client, round[singles[k]], tok);
  };
  // The batches go one after another on the first connection, the singles over the others (and
  // over the first one too once its batches are answered).
  const std::size_t helpers =
      batches.empty() ? std::min(_clients.size(), n) - 1 : std::min(_clients.size() - 1, singles.size());
  std::vector<std::thread> threads;
  for (std::size_t h = 1; h <= helpers; ++h) threads.emplace_back(worker, std::ref(*_clients[h]));
  sendBatches(*_clients[0], round, batches, results, tok);
  worker(*_clients[0]);
  for (auto& t : threads) t.join();

  std::vector<JournalEntry> answered;
  bool retry = false, relogin = false;
  std::string networkError;
  for (std::size_t i = 0; i < n; ++i) {
    switch (results[i]) {
      case Result::Accepted:
      case Result::Refused:
      case Result::Skipped: answered.push_back(round[i]); break;
      case Result::NotSent: break;  // still queued: its batch waited for a failed one, the back-off follows
      case Result::Retry:
        retry = true;
        if (networkError.empty())
          networkError = round[i].httpStatus ? "server busy or failing: HTTP " + std::to_string(round[i].httpStatus) + " " +
                                                   round[i].errorMessage
                                             : round[i].errorMessage;
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
