#include "demo/DemoActivity.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "natlims/domain/CodeScheme.h"

namespace natlims::lims {

namespace {

using Clock = std::chrono::steady_clock;

// One logged-in demo user talking to the server.
class DemoClient {
 public:
  DemoClient(const std::string& baseUrl, std::string user, std::string password)
      : _user(std::move(user)), _password(std::move(password)) {
    const Poco::URI uri(baseUrl);
    _session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    _session->setKeepAlive(true);
    _session->setTimeout(Poco::Timespan(30, 0));
  }

  // POSTs (or GETs with an empty method body) and returns the status and the parsed JSON object
  // (null when the answer is not a JSON object). Logs in on first use and after a 401.
  int call(const std::string& method, const std::string& path, const std::string& body, Poco::JSON::Object::Ptr& out) {
    if (_token.empty() && !login()) return 401;
    int status = send(method, path, body, out);
    if (status == 401 && login()) status = send(method, path, body, out);
    return status;
  }

 private:
  bool login() {
    Poco::JSON::Object::Ptr out;
    _token.clear();
    if (send("POST", "/api/v1/session", R"({"username":")" + _user + R"(","password":")" + _password + R"("})", out) != 201 || !out)
      return false;
    _token = out->getValue<std::string>("token");
    return true;
  }

  int send(const std::string& method, const std::string& path, const std::string& body, Poco::JSON::Object::Ptr& out) {
    out = nullptr;
    try {
      Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
      req.setKeepAlive(true);
      if (!_token.empty()) req.set("Authorization", "Bearer " + _token);
      if (method == "POST") {
        req.setContentType("application/json");
        req.setContentLength64(static_cast<Poco::Int64>(body.size()));
      }
      auto& os = _session->sendRequest(req);
      if (method == "POST") os << body;
      Poco::Net::HTTPResponse res;
      std::ostringstream text;
      Poco::StreamCopier::copyStream(_session->receiveResponse(res), text);
      try {
        Poco::JSON::Parser p;
        out = p.parse(text.str()).extract<Poco::JSON::Object::Ptr>();
      } catch (...) {
      }
      return res.getStatus();
    } catch (...) {
      _session->reset();
      return 0;
    }
  }

  std::string _user, _password, _token;
  std::unique_ptr<Poco::Net::HTTPClientSession> _session;
};

std::string jsonList(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ",\"" : "\"") + v[i] + "\"";
  return s + "]";
}

struct Station {
  std::string name;
  std::string tube;
  int count = 0;
};

struct InTransit {
  std::string box;
  std::vector<std::string> tubes;
  Clock::time_point arrives;
};

struct RunningPlate {
  Poco::JSON::Object::Ptr plate;
  Clock::time_point done;
};

// The whole simulated round; one instance lives on the demo thread.
class Round {
 public:
  Round(const std::string& baseUrl, const std::vector<DemoCredential>& users, std::vector<PersonRow> residents,
        double perMinute, Poco::Logger& log)
      : _residents(std::move(residents)), _perSecond(perMinute / 60.0), _log(log), _rng(42) {
    for (const auto& u : users) {
      if (u.role == "sampler") _sampler = std::make_unique<DemoClient>(baseUrl, u.username, u.password);
      if (u.role == "lab_tech") _tech = std::make_unique<DemoClient>(baseUrl, u.username, u.password);
      if (u.role == "lab_reviewer") _reviewer = std::make_unique<DemoClient>(baseUrl, u.username, u.password);
      if (u.role == "coordinator") _coordinator = std::make_unique<DemoClient>(baseUrl, u.username, u.password);
    }
    for (std::size_t i = 0; i < _residents.size(); ++i) _queue.push_back(i);
    std::shuffle(_queue.begin(), _queue.end(), _rng);
    for (const char* name : {"Garden-1", "Garden-2", "Orchard-1", "Lakeview-1"}) _stations.push_back({name, "", 0});
  }

  bool ready() const { return _sampler && _tech && _reviewer && _coordinator; }

  void step() {
    if (!_campaign && !findCampaign()) return;
    sample();
    pack();
    deliver();
    plate();
    finishRuns();
    recall();
  }

 private:
  bool findCampaign() {
    Poco::JSON::Object::Ptr out;
    if (_coordinator->call("GET", "/api/v1/campaigns", "", out) != 200 || !out) return false;
    auto list = out->getArray("campaigns");
    if (!list) return false;
    // The demo town's own round (the first campaign on Xinhe District), never one a person made.
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto c = list->getObject(static_cast<unsigned>(i));
      if (c->getValue<std::string>("area") == "Xinhe District") {
        _campaign = c->getValue<std::int64_t>("id");
        return true;
      }
    }
    return false;
  }

  std::string freshTube() {
    if (_tubePool.empty()) {
      Poco::JSON::Object::Ptr out;
      if (_sampler->call("POST", "/api/v1/tube-codes", R"({"count":100})", out) != 201 || !out) return {};
      auto codes = out->getArray("codes");
      for (std::size_t i = 0; i < codes->size(); ++i) _tubePool.push_back(codes->getElement<std::string>(static_cast<unsigned>(i)));
    }
    std::string t = _tubePool.back();
    _tubePool.pop_back();
    return t;
  }

  void sample() {
    _due += _perSecond;
    while (_due >= 1.0) {
      _due -= 1.0;
      std::string body;
      Station* station = nullptr;
      if (!_recalls.empty()) {
        // Recalled people first: each into a single tube at the door-to-door station.
        const auto [pool, person] = _recalls.front();
        _recalls.pop_front();
        const std::string tube = freshTube();
        if (tube.empty()) return;
        body = R"({"campaign_id":)" + std::to_string(_campaign) + R"(,"tube":")" + tube + R"(","id_type":"resident_id","id_number":")" +
               _residents[person].idNumber + R"(","station":"door-to-door","recall_of":")" + pool + R"("})";
        Poco::JSON::Object::Ptr out;
        if (_sampler->call("POST", "/api/v1/registrations", body, out) == 201) _closed.push_back(tube);
        continue;
      }
      if (_queue.empty()) return;
      station = &_stations[_next++ % _stations.size()];
      if (station->tube.empty()) {
        station->tube = freshTube();
        station->count = 0;
        if (station->tube.empty()) return;
      }
      const PersonRow& person = _residents[_queue.front()];
      _byId[person.idNumber] = _queue.front();
      _queue.pop_front();
      body = R"({"campaign_id":)" + std::to_string(_campaign) + R"(,"tube":")" + station->tube + R"(","id_type":"resident_id","id_number":")" +
             person.idNumber + R"(","station":")" + station->name + R"("})";
      Poco::JSON::Object::Ptr out;
      const int status = _sampler->call("POST", "/api/v1/registrations", body, out);
      if (status == 201 && out && out->getObject("tube")->getValue<std::string>("state") == "closed") {
        _closed.push_back(station->tube);
        station->tube.clear();
      } else if (status == 409 && out && out->getObject("error")->getValue<std::string>("code") != "already_registered") {
        station->tube.clear();  // a tube from before a restart: start a new one
      }
    }
  }

  void pack() {
    if (_closed.size() < 5) return;
    Poco::JSON::Object::Ptr out;
    if (_sampler->call("POST", "/api/v1/box-codes", R"({"count":1})", out) != 201 || !out) return;
    const std::string box = out->getArray("codes")->getElement<std::string>(0);
    std::vector<std::string> tubes(_closed.begin(), _closed.end());
    if (_sampler->call("POST", "/api/v1/boxes", R"({"code":")" + box + R"(","tubes":)" + jsonList(tubes) + "}", out) != 201) {
      _log.warning("demo: sealing a box failed");
      _closed.clear();
      return;
    }
    const std::string courier = domain::makeCodeFromNumber(domain::CodeKind::Courier, 1000 + _boxes % 7);
    _sampler->call("POST", "/api/v1/boxes/" + box + "/handover", R"({"courier":")" + courier + R"("})", out);
    _transit.push_back({box, tubes, Clock::now() + std::chrono::seconds(20 + _boxes % 3 * 10)});
    ++_boxes;
    _closed.clear();
  }

  void deliver() {
    while (!_transit.empty() && _transit.front().arrives <= Clock::now()) {
      const auto& box = _transit.front();
      Poco::JSON::Object::Ptr out;
      if (_tech->call("POST", "/api/v1/boxes/" + box.box + "/receive",
                      R"({"tubes":)" + jsonList(box.tubes) + R"(,"temperature_c":6.0})", out) == 200)
        _received.insert(_received.end(), box.tubes.begin(), box.tubes.end());
      _transit.pop_front();
    }
  }

  void plate() {
    if (_received.empty() || (_received.size() < 40 && Clock::now() - _lastPlate < std::chrono::seconds(60))) return;
    const std::size_t n = std::min<std::size_t>(94, _received.size());
    std::vector<std::string> tubes(_received.begin(), _received.begin() + static_cast<std::ptrdiff_t>(n));
    Poco::JSON::Object::Ptr out;
    if (_tech->call("POST", "/api/v1/plates", R"({"tubes":)" + jsonList(tubes) + "}", out) == 201 && out)
      _running.push_back({out, Clock::now() + std::chrono::seconds(45)});
    else
      _log.warning("demo: laying out a plate failed");
    _received.erase(_received.begin(), _received.begin() + static_cast<std::ptrdiff_t>(n));
    _lastPlate = Clock::now();
  }

  // A finished run: the instrument's results as the natlims-results-v1 document a link sends.
  std::string resultsOf(const Poco::JSON::Object::Ptr& plate) {
    std::bernoulli_distribution positive(0.03);
    std::uniform_real_distribution<double> ct(22.0, 34.0);
    std::string wells;
    const auto add = [&](const std::string& well, const std::string& sample, const char* target, const char* dye, const std::string& value) {
      wells += std::string(wells.empty() ? "" : ",") + R"({"well":")" + well + R"(","sample":")" + sample + R"(","target":")" + target +
               R"(","dye":")" + dye + R"(","ct":)" + value + "}";
    };
    auto list = plate->getArray("wells");
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto w = list->getObject(static_cast<unsigned>(i));
      const auto well = w->getValue<std::string>("well");
      const auto kind = w->getValue<std::string>("kind");
      const std::string name = kind == "sample" ? w->getValue<std::string>("tube") : w->getValue<std::string>("name");
      const bool pos = kind == "positive_control" || (kind == "sample" && positive(_rng));
      add(well, name, "ORF1ab", "FAM", pos ? std::to_string(ct(_rng)) : "null");
      add(well, name, "N", "VIC", pos ? std::to_string(ct(_rng)) : "null");
      add(well, name, "IC", "CY5", kind == "negative_control" ? "null" : "28.5");
    }
    return R"({"format":"natlims-results-v1","instrument":"demo-qs5","run_id":"demo-)" + std::to_string(_runs++) +
           R"(","wells":[)" + wells + "]}";
  }

  void finishRuns() {
    while (!_running.empty() && _running.front().done <= Clock::now()) {
      const auto plate = _running.front().plate;
      _running.pop_front();
      Poco::JSON::Object::Ptr out;
      if (_tech->call("POST", "/api/v1/runs?plate=" + std::to_string(plate->getValue<std::int64_t>("id")), resultsOf(plate), out) != 201 || !out) {
        _log.warning("demo: importing a run failed");
        continue;
      }
      _reviewer->call("POST", "/api/v1/runs/" + std::to_string(out->getValue<std::int64_t>("id")) + "/release", "", out);
    }
  }

  void recall() {
    if (Clock::now() - _lastRecall < std::chrono::seconds(10)) return;
    _lastRecall = Clock::now();
    Poco::JSON::Object::Ptr out;
    if (_coordinator->call("GET", "/api/v1/campaigns/" + std::to_string(_campaign) + "/recall", "", out) != 200 || !out) return;
    auto people = out->getArray("people");
    for (std::size_t i = 0; i < people->size(); ++i) {
      auto p = people->getObject(static_cast<unsigned>(i));
      if (p->getValue<std::string>("state") != "to_resample") continue;
      // The list masks identity numbers; the demo's stations know their people by pool and name.
      const std::string pool = p->getValue<std::string>("pool_tube");
      const std::string name = p->getValue<std::string>("name");
      const std::string key = pool + "|" + name + "|" + p->getValue<std::string>("sampled_at");
      if (!_recalled.insert(key).second) continue;
      for (const auto& [id, index] : _byId)
        if (_residents[index].name == name && _pools[id].empty()) {
          _pools[id] = pool;
          _recalls.emplace_back(pool, index);
          break;
        }
    }
  }

  std::vector<PersonRow> _residents;
  double _perSecond;
  double _due = 0;
  Poco::Logger& _log;
  std::mt19937 _rng;
  std::unique_ptr<DemoClient> _sampler, _tech, _reviewer, _coordinator;
  std::int64_t _campaign = 0;
  std::deque<std::size_t> _queue;
  std::map<std::string, std::size_t> _byId;  // registered residents by id number
  std::map<std::string, std::string> _pools;  // resident id number -> the pool they were recalled from
  std::set<std::string> _recalled;
  std::deque<std::pair<std::string, std::size_t>> _recalls;
  std::vector<Station> _stations;
  std::size_t _next = 0;
  std::vector<std::string> _tubePool, _closed;
  std::deque<InTransit> _transit;
  std::vector<std::string> _received;
  std::deque<RunningPlate> _running;
  Clock::time_point _lastPlate = Clock::now(), _lastRecall = Clock::now();
  int _boxes = 0, _runs = 0;
};

}  // namespace

DemoActivity::DemoActivity(std::string baseUrl, std::vector<DemoCredential> users, std::vector<PersonRow> residents,
                           double peoplePerMinute, Poco::Logger& log)
    : _baseUrl(std::move(baseUrl)),
      _users(std::move(users)),
      _residents(std::move(residents)),
      _peoplePerMinute(peoplePerMinute),
      _log(log) {}

DemoActivity::~DemoActivity() { stop(); }

void DemoActivity::start() { _thread = std::thread([this] { run(); }); }

void DemoActivity::stop() {
  {
    std::lock_guard lock(_mutex);
    _stopping = true;
  }
  _wake.notify_all();
  if (_thread.joinable()) _thread.join();
}

void DemoActivity::run() {
  Round round(_baseUrl, _users, _residents, _peoplePerMinute, _log);
  if (!round.ready()) {
    _log.warning("demo: the demo users are missing; simulated stations and labs are off");
    return;
  }
  _log.information("demo: simulated stations and lab runs started (%.0f people per minute)", _peoplePerMinute);
  std::unique_lock lock(_mutex);
  while (!_wake.wait_for(lock, std::chrono::seconds(1), [this] { return _stopping; })) {
    lock.unlock();
    try {
      round.step();
    } catch (const std::exception& e) {
      _log.warning("demo: %s", std::string(e.what()));
    }
    lock.lock();
  }
}

}  // namespace natlims::lims
