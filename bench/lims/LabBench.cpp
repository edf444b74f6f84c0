// lab-bench: the lab side of the server, end to end over HTTP on loopback. Starts its own
// lims-server (temporary data folder, health-code endpoint pointing at a receiver inside this
// program). Two modes:
//   lab-bench [PLATES=10]      for each plate: registers 940 people in 94 pooled tubes, boxes
//       and receives them, lays out a plate, and times
//         - the import of a 96-well three-target result file (read, checked against the plate,
//           interpreted, stored durably),
//         - the release of the 94 negative tubes (940 people), and
//         - release until the health-code receiver holds the batch of 940 results.
//   lab-bench --push PEOPLE    registers PEOPLE people (8 client threads) on plates of 940,
//       imports every run, then times releasing them all until the health-code receiver holds
//       every one of the PEOPLE results (issue 6: one million results pushed in <= 60 s).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "natlims/domain/IdDocument.h"

using Clock = std::chrono::steady_clock;

namespace {

std::atomic<int> batchesReceived{0};
std::atomic<std::int64_t> resultsReceived{0};
std::atomic<std::int64_t> lastBatchAt{0};

// The health-code authority's side: counts batches and the results in them (one id_number each).
class Receiver : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
    std::int64_t results = 0;
    for (auto at = body.find("\"id_number\""); at != std::string::npos; at = body.find("\"id_number\"", at + 1)) ++results;
    resultsReceived += results;
    lastBatchAt = Clock::now().time_since_epoch().count();
    ++batchesReceived;
    res.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    res.send() << "{}";
  }
};
class ReceiverFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Receiver; }
};

class Client {
 public:
  explicit Client(int port) : _session("127.0.0.1", static_cast<Poco::UInt16>(port)) { _session.setKeepAlive(true); }
  int post(const std::string& path, const std::string& body, Poco::JSON::Object::Ptr* out = nullptr) {
    Poco::Net::HTTPRequest req("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setKeepAlive(true);
    if (!token.empty()) req.set("Authorization", "Bearer " + token);
    req.setContentType("application/json");
    req.setContentLength64(static_cast<Poco::Int64>(body.size()));
    _session.sendRequest(req) << body;
    Poco::Net::HTTPResponse res;
    std::string text;
    Poco::StreamCopier::copyToString(_session.receiveResponse(res), text);
    if (out) {
      Poco::JSON::Parser p;
      *out = p.parse(text).extract<Poco::JSON::Object::Ptr>();
    }
    if (res.getStatus() >= 300 && res.getStatus() != 409) std::cerr << path << " -> " << res.getStatus() << " " << text.substr(0, 200) << "\n";
    return res.getStatus();
  }
  void login(const std::string& user, const std::string& password) {
    Poco::JSON::Object::Ptr out;
    token.clear();
    if (post("/api/v1/session", R"({"username":")" + user + R"(","password":")" + password + R"("})", &out) != 201)
      throw std::runtime_error("login failed for " + user);
    token = out->getValue<std::string>("token");
  }
  std::string token;

 private:
  Poco::Net::HTTPClientSession _session;
};

// Distinct valid resident IDs for n < 23.5 million (birth years 1950-2019).
std::string residentId(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "320102%04d%02d%02d%03d", 1950 + n / 336000 % 70, 1 + n / 28000 % 12, 1 + n / 1000 % 28, n % 1000);
  const std::string first17(buf);
  return first17 + natlims::domain::residentIdCheckChar(first17);
}

std::string list(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ",\"" : "\"") + v[i] + "\"";
  return s + "]";
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The users' tokens; a thread opens its own connections with them.
struct Tokens {
  std::string sampler, tech, reviewer;
  std::int64_t campaign = 0;
};

struct Clients {
  Client sampler, tech;
  Clients(int port, const Tokens& t) : sampler(port), tech(port) {
    sampler.token = t.sampler;
    tech.token = t.tech;
  }
};

// A natlims-results-v1 document for `plate`: every sample negative, controls as they should be.
std::string negativeRun(const Poco::JSON::Object::Ptr& plate, const std::string& runName) {
  std::string wells;
  auto w = plate->getArray("wells");
  for (std::size_t i = 0; i < w->size(); ++i) {
    auto well = w->getObject(static_cast<unsigned>(i));
    const auto kind = well->getValue<std::string>("kind");
    const std::string name = kind == "sample" ? well->getValue<std::string>("tube") : well->getValue<std::string>("name");
    const bool pos = kind == "positive_control";
    for (const auto& [t, d] : {std::pair{"ORF1ab", "FAM"}, std::pair{"N", "VIC"}, std::pair{"IC", "CY5"}})
      wells += std::string(wells.empty() ? "" : ",") + R"({"well":")" + well->getValue<std::string>("well") + R"(","sample":")" +
               name + R"(","target":")" + t + R"(","dye":")" + d + R"(","ct":)" +
               (std::string(t) == "IC" ? (kind == "negative_control" ? "null" : "27.5") : (pos ? "28.1" : "null")) + "}";
  }
  return R"({"format":"natlims-results-v1","instrument":"bench","run_id":")" + runName + R"(","wells":[)" + wells + "]}";
}

// Registers 940 people (from `firstPerson`) in 94 tubes, boxes and receives them and lays out
// a plate; returns the plate.
Poco::JSON::Object::Ptr plateOf940(Clients& c, const Tokens& t, int firstPerson) {
  Poco::JSON::Object::Ptr out;
  c.sampler.post("/api/v1/tube-codes", R"({"count":94})", &out);
  std::vector<std::string> tubes;
  auto codes = out->getArray("codes");
  for (std::size_t i = 0; i < codes->size(); ++i) tubes.push_back(codes->getElement<std::string>(static_cast<unsigned>(i)));
  int person = firstPerson;
  for (const auto& tube : tubes)
    for (int k = 0; k < 10; ++k, ++person)
      if (c.sampler.post("/api/v1/registrations", R"({"campaign_id":)" + std::to_string(t.campaign) + R"(,"tube":")" + tube +
                                                       R"(","id_type":"resident_id","id_number":")" + residentId(person) +
                                                       R"(","name":"测试","station":"bench"})") != 201)
        throw std::runtime_error("a registration was refused");
  c.sampler.post("/api/v1/box-codes", R"({"count":1})", &out);
  const auto box = out->getArray("codes")->getElement<std::string>(0);
  c.sampler.post("/api/v1/boxes", R"({"code":")" + box + R"(","tubes":)" + list(tubes) + "}");
  c.tech.post("/api/v1/boxes/" + box + "/receive", R"({"tubes":)" + list(tubes) + "}");
  c.tech.post("/api/v1/plates", R"({"tubes":)" + list(tubes) + "}", &out);
  return out;
}

std::int64_t importRun(Clients& c, const Poco::JSON::Object::Ptr& plate, const std::string& runName) {
  Poco::JSON::Object::Ptr out;
  if (c.tech.post("/api/v1/runs?plate=" + std::to_string(plate->getValue<std::int64_t>("id")), negativeRun(plate, runName), &out) != 201)
    throw std::runtime_error("run import refused");
  return out->getValue<std::int64_t>("id");
}

void perPlate(int port, const Tokens& t, int plates) {
  Clients c(port, t);
  Client reviewer(port);
  reviewer.token = t.reviewer;
  std::vector<double> imports, releases, pushes;
  for (int p = 0; p < plates; ++p) {
    const auto plate = plateOf940(c, t, p * 940);
    auto t0 = Clock::now();
    const auto run = importRun(c, plate, "bench-" + std::to_string(p));
    imports.push_back(ms(Clock::now() - t0));
    const int before = batchesReceived;
    t0 = Clock::now();
    reviewer.post("/api/v1/runs/" + std::to_string(run) + "/release", "");
    releases.push_back(ms(Clock::now() - t0));
    while (batchesReceived == before && Clock::now() - t0 < std::chrono::seconds(30))
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    pushes.push_back(ms(Clock::duration(lastBatchAt.load()) - t0.time_since_epoch()));
  }
  std::cout << "plates: " << plates << " (94 tubes, 940 people each)\n"
            << "import 96-well three-target run (HTTP, read, check, interpret, durable store): median " << median(imports)
            << " ms, max " << *std::max_element(imports.begin(), imports.end()) << " ms\n"
            << "release 94 negative tubes (940 people; outbox written durably): median " << median(releases) << " ms, max "
            << *std::max_element(releases.begin(), releases.end()) << " ms\n"
            << "release until the health-code receiver holds the 940 results: median " << median(pushes) << " ms, max "
            << *std::max_element(pushes.begin(), pushes.end()) << " ms\n";
}

void pushMany(int port, const Tokens& t, std::int64_t people) {
  const int plates = static_cast<int>((people + 939) / 940);
  constexpr int kThreads = 8;
  std::vector<std::int64_t> runs(static_cast<std::size_t>(plates));
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  const auto prepStart = Clock::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      try {
        Clients c(port, t);
        for (int p = next++; p < plates && !failed; p = next++) {
          runs[static_cast<std::size_t>(p)] = importRun(c, plateOf940(c, t, p * 940), "push-" + std::to_string(p));
          if (p % 100 == 0) std::cerr << "prepared plate " << p << " of " << plates << "\n";
        }
      } catch (const std::exception& e) {
        std::cerr << "lab-bench: " << e.what() << "\n";
        failed = true;
      }
    });
  for (auto& th : threads) th.join();
  if (failed) throw std::runtime_error("preparing the plates failed");
  const double prepSeconds = ms(Clock::now() - prepStart) / 1000;
  const std::int64_t expected = static_cast<std::int64_t>(plates) * 940;
  const auto t0 = Clock::now();
  Client reviewer(port);
  reviewer.token = t.reviewer;
  for (const auto run : runs)
    if (reviewer.post("/api/v1/runs/" + std::to_string(run) + "/release", "") != 200) throw std::runtime_error("release refused");
  const double releaseSeconds = ms(Clock::now() - t0) / 1000;
  while (resultsReceived < expected && Clock::now() - t0 < std::chrono::minutes(10))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const double pushSeconds = ms(Clock::duration(lastBatchAt.load()) - t0.time_since_epoch()) / 1000;
  std::cout << "people registered, boxed, received, plated and run: " << expected << " on " << plates << " plates in "
            << prepSeconds << " s (" << kThreads << " client threads)\n"
            << "release of all " << plates << " runs (one reviewer, one after another): " << releaseSeconds << " s\n"
            << "first release until the health-code receiver holds all " << resultsReceived.load() << " results: " << pushSeconds
            << " s (" << batchesReceived.load() << " batches, " << static_cast<std::int64_t>(expected / pushSeconds)
            << " results/s)\n";
  if (resultsReceived != expected) throw std::runtime_error("the receiver did not get every result");
}

}  // namespace

int main(int argc, char** argv) {
  const bool push = argc > 1 && std::string(argv[1]) == "--push";
  if (argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << "usage: lab-bench [PLATES=10] | lab-bench --push [PEOPLE=1000000]\n";
    return 0;
  }
  const int plates = !push && argc > 1 ? std::atoi(argv[1]) : 10;
  const std::int64_t people = push && argc > 2 ? std::atoll(argv[2]) : 1'000'000;
  const std::string bin = std::filesystem::path(argv[0]).parent_path().string();
  Poco::Net::ServerSocket rs;
  rs.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  rs.listen();
  Poco::Net::HTTPServer receiver(new ReceiverFactory, rs, new Poco::Net::HTTPServerParams);
  receiver.start();

  const auto dir = std::filesystem::temp_directory_path() / ("natlims-lab-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream((dir / "lims.ini").string()) << "[healthcode]\nendpoint = http://127.0.0.1:" << receiver.port() << "/results\n";
  const int port = 30000 + getpid() % 20000;
  const pid_t server = fork();
  if (server == 0) {
    setenv("LIMS_ADMIN_PASSWORD", "bench-admin-pass", 1);
    const std::string data = dir.string(), cfg = (dir / "lims.ini").string(), p = std::to_string(port);
    const int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl((bin + "/lims-server").c_str(), "lims-server", "--data", data.c_str(), "--config", cfg.c_str(), "--port", p.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int status = 1;
  try {
    Client admin(port), login(port);
    admin.login("admin", "bench-admin-pass");
    for (const char* u : {"b-sampler:sampler", "b-tech:lab_tech", "b-reviewer:lab_reviewer"}) {
      const std::string s(u);
      const auto colon = s.find(':');
      admin.post("/api/v1/users", R"({"username":")" + s.substr(0, colon) + R"(","password":"bench-password-1","role":")" +
                                      s.substr(colon + 1) + R"("})");
    }
    Tokens t;
    login.login("b-sampler", "bench-password-1");
    t.sampler = login.token;
    login.login("b-tech", "bench-password-1");
    t.tech = login.token;
    login.login("b-reviewer", "bench-password-1");
    t.reviewer = login.token;
    Poco::JSON::Object::Ptr out;
    admin.post("/api/v1/campaigns", R"({"name":"lab bench","area":"Bench","starts_at":"2026-11-23T00:00:00+08:00"})", &out);
    t.campaign = out->getValue<std::int64_t>("id");
    if (push) pushMany(port, t, people);
    else perPlate(port, t, plates);
    status = 0;
  } catch (const std::exception& e) {
    std::cerr << "lab-bench: " << e.what() << "\n";
  }
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  receiver.stopAll(true);
  std::filesystem::remove_all(dir);
  return status;
}
