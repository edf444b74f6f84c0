// lab-bench: the lab side of the server, end to end over HTTP on loopback. Starts its own
// lims-server (temporary data folder, health-code endpoint pointing at a receiver inside this
// program), then for each of N plates: registers 940 people in 94 pooled tubes, boxes and
// receives them, lays out a plate, and times
//   - the import of a 96-well three-target result file (read, checked against the plate,
//     interpreted, stored durably),
//   - the release of the 94 negative tubes (940 people), and
//   - release until the health-code receiver holds the batch of 940 results.
// Usage: lab-bench [PLATES=10]
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
#include <sstream>
#include <thread>

#include "natlims/domain/IdDocument.h"

using Clock = std::chrono::steady_clock;

namespace {

std::atomic<int> batchesReceived{0};
std::atomic<std::int64_t> lastBatchAt{0};

class Receiver : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
    std::string body;
    Poco::StreamCopier::copyToString(req.stream(), body);
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

std::string residentId(int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "3201021985%02d%02d%03d", 1 + n / 28000 % 12, 1 + n / 1000 % 28, n % 1000);
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

}  // namespace

int main(int argc, char** argv) {
  const int plates = argc > 1 ? std::atoi(argv[1]) : 10;
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
    Client admin(port), sampler(port), tech(port), reviewer(port);
    admin.login("admin", "bench-admin-pass");
    for (const char* u : {"b-sampler:sampler", "b-tech:lab_tech", "b-reviewer:lab_reviewer"}) {
      const std::string s(u);
      const auto colon = s.find(':');
      admin.post("/api/v1/users", R"({"username":")" + s.substr(0, colon) + R"(","password":"bench-password-1","role":")" +
                                      s.substr(colon + 1) + R"("})");
    }
    sampler.login("b-sampler", "bench-password-1");
    tech.login("b-tech", "bench-password-1");
    reviewer.login("b-reviewer", "bench-password-1");
    Poco::JSON::Object::Ptr out;
    admin.post("/api/v1/campaigns", R"({"name":"lab bench","area":"Bench","starts_at":"2026-11-23T00:00:00+08:00"})", &out);
    const auto campaign = out->getValue<std::int64_t>("id");
    std::vector<double> imports, releases, pushes;
    int person = 0;
    for (int p = 0; p < plates; ++p) {
      sampler.post("/api/v1/tube-codes", R"({"count":94})", &out);
      std::vector<std::string> tubes;
      auto codes = out->getArray("codes");
      for (std::size_t i = 0; i < codes->size(); ++i) tubes.push_back(codes->getElement<std::string>(static_cast<unsigned>(i)));
      for (const auto& tube : tubes)
        for (int k = 0; k < 10; ++k, ++person)
          sampler.post("/api/v1/registrations", R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + tube +
                                                    R"(","id_type":"resident_id","id_number":")" + residentId(person) +
                                                    R"(","name":"测试","station":"bench"})");
      sampler.post("/api/v1/box-codes", R"({"count":1})", &out);
      const auto box = out->getArray("codes")->getElement<std::string>(0);
      sampler.post("/api/v1/boxes", R"({"code":")" + box + R"(","tubes":)" + list(tubes) + "}");
      tech.post("/api/v1/boxes/" + box + "/receive", R"({"tubes":)" + list(tubes) + "}");
      tech.post("/api/v1/plates", R"({"tubes":)" + list(tubes) + "}", &out);
      const auto plate = out;
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
      const std::string doc = R"({"format":"natlims-results-v1","instrument":"bench","run_id":"bench-)" + std::to_string(p) +
                              R"(","wells":[)" + wells + "]}";
      auto t0 = Clock::now();
      tech.post("/api/v1/runs?plate=" + std::to_string(plate->getValue<std::int64_t>("id")), doc, &out);
      imports.push_back(ms(Clock::now() - t0));
      const auto run = out->getValue<std::int64_t>("id");
      const int before = batchesReceived;
      t0 = Clock::now();
      reviewer.post("/api/v1/runs/" + std::to_string(run) + "/release", "");
      const auto released = Clock::now();
      releases.push_back(ms(released - t0));
      while (batchesReceived == before && Clock::now() - t0 < std::chrono::seconds(30))
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      pushes.push_back(ms(Clock::duration(lastBatchAt.load()) - t0.time_since_epoch()));
    }
    std::cout << "plates: " << plates << " (94 tubes, 940 people each)\n"
              << "import 96-well three-target run (HTTP, read, check, interpret, durable store): median "
              << median(imports) << " ms, max " << *std::max_element(imports.begin(), imports.end()) << " ms\n"
              << "release 94 negative tubes (940 people; outbox written durably): median " << median(releases) << " ms, max "
              << *std::max_element(releases.begin(), releases.end()) << " ms\n"
              << "release until the health-code receiver holds the 940 results: median " << median(pushes) << " ms, max "
              << *std::max_element(pushes.begin(), pushes.end()) << " ms\n";
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
