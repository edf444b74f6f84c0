// station-bench: the sampling station's performance targets (docs/bench-station.md).
//   ack    local acknowledgement latency of a scan (journal fsync included), sync running; target p99 <= 20 ms
//   drain  uploading a backlog journaled offline, once the server is there; target >= 2,000 registrations/s
//          (registrations in batch calls of `batch size`, default the station's; 1: one request per entry)
//   http   Poco's HTTP client against Boost.Beast/Asio, same registrations, one keep-alive connection each
// Every run starts its own lims-server (from the same build) with a fresh data folder.

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "BeastClient.h"
#include "LimsServerFixture.h"
#include "StationTestSupport.h"
#include "natlims/station/ApiClient.h"
#include "natlims/station/Station.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;
using Steady = std::chrono::steady_clock;

namespace {

double ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double threadCpuMs() {
  rusage ru{};
  getrusage(RUSAGE_THREAD, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

std::vector<std::string> scanLines(LimsServer& server, int people, unsigned firstPerson) {
  std::vector<std::string> tubes;
  for (int left = (people + 9) / 10; left > 0; left -= 5000) {
    auto batch = server.tubeCodes(std::min(left, 5000));
    tubes.insert(tubes.end(), batch.begin(), batch.end());
  }
  std::vector<std::string> lines;
  for (int i = 0; i < people; ++i) {
    if (i % 10 == 0) lines.push_back(tubes[static_cast<std::size_t>(i / 10)]);
    lines.push_back(residentId(firstPerson + static_cast<unsigned>(i)) + " 张三");
  }
  return lines;
}

std::size_t gWindow = SyncSettings{}.window;
std::size_t gBatchSize = SyncSettings{}.batchSize;

StationSettings settings(LimsServer& server, const TempDir& dir, const std::string& journal, bool sync, int connections) {
  StationSettings s;
  s.journalPath = dir.file(journal);
  s.station = "BENCH";
  s.user = LimsServer::kSampler;
  s.campaignId = server.campaign();
  s.startSync = sync;
  s.sync.serverUrl = server.url();
  s.sync.password = LimsServer::kSamplerPassword;
  s.sync.retryMin = std::chrono::milliseconds(50);
  s.sync.retryMax = std::chrono::milliseconds(500);
  s.sync.connections = connections;
  s.sync.window = gWindow;
  s.sync.batchSize = gBatchSize;
  return s;
}

void waitDrained(Station& station) {
  while (station.counts().queued > 0) {
    station.poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  station.poll();
}

void benchAck(int people) {
  TempDir dir;
  LimsServer server(dir);
  const auto lines = scanLines(server, people, 0);
  Station station(settings(server, dir, "ack.journal", true, SyncSettings{}.connections));
  std::vector<double> lat;
  lat.reserve(lines.size());
  const auto start = Steady::now();
  for (const auto& line : lines) {
    const auto t0 = Steady::now();
    const Outcome o = station.scan(line);
    lat.push_back(ms(Steady::now() - t0));
    if (o.status != Outcome::Status::Done) std::cerr << "unexpected outcome " << o.code << "\n";
    station.poll();
  }
  const double scanSeconds = ms(Steady::now() - start) / 1000.0;
  waitDrained(station);
  std::printf("ack: %zu scans (%d people) in %.2f s with the sync uploading alongside\n", lines.size(), people, scanSeconds);
  std::printf("ack: latency ms p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f   (target p99 <= 20)\n",
              percentile(lat, 0.5), percentile(lat, 0.9), percentile(lat, 0.99), percentile(lat, 0.999),
              percentile(lat, 1.0));
  std::printf("ack: refused by server %lld\n", static_cast<long long>(station.counts().refused));
}

void benchDrain(int people, int connections) {
  TempDir dir;
  LimsServer server(dir);
  const auto lines = scanLines(server, people, 0);
  {
    Station offline(settings(server, dir, "drain.journal", false, connections));
    for (const auto& line : lines) offline.scan(line);
  }
  const auto t0 = Steady::now();
  Station station(settings(server, dir, "drain.journal", true, connections));
  const auto queued = station.counts().queued;
  const auto t1 = Steady::now();
  waitDrained(station);
  const auto t2 = Steady::now();
  const auto [registrations, sampled] = server.registrationsAndSampled();
  std::printf("drain: %lld entries (%lld registrations) journaled offline; start-up and replay %.0f ms\n",
              static_cast<long long>(queued), static_cast<long long>(registrations), ms(t1 - t0));
  std::printf("drain: uploaded in %.2f s with %d connections, window %zu, batch size %zu: %.0f entries/s, %.0f registrations/s "
              "(target >= 2000); sent %lld refused %lld; server holds %lld registrations\n",
              ms(t2 - t1) / 1000.0, connections, gWindow, gBatchSize, static_cast<double>(queued) / (ms(t2 - t1) / 1000.0),
              static_cast<double>(people) / (ms(t2 - t1) / 1000.0), static_cast<long long>(station.counts().sent),
              static_cast<long long>(station.counts().refused), static_cast<long long>(registrations));
}

void benchHttp(int requests) {
  TempDir dir;
  LimsServer server(dir);
  const int tubesPerRun = (requests + 9) / 10;
  const auto tubes = server.tubeCodes(4 * tubesPerRun);
  ApiClient login(server.url(), std::chrono::seconds(10));
  const auto a = login.send("POST", "/api/v1/session",
                            std::string("{\"username\":\"") + LimsServer::kSampler + "\",\"password\":\"" +
                                LimsServer::kSamplerPassword + "\"}");
  const std::string token = parseJson(a.body)->getValue<std::string>("token");
  auto body = [&](int i, int tubeOffset) {
    return "{\"campaign_id\":" + std::to_string(server.campaign()) + ",\"tube\":\"" +
           tubes[static_cast<std::size_t>(tubeOffset + i / 10)] + "\",\"id_type\":\"resident_id\",\"id_number\":\"" +
           residentId(static_cast<unsigned>(tubeOffset * 10 + i)) + "\",\"name\":\"张三\",\"station\":\"BENCH\"}";
  };
  auto run = [&](const char* name, auto&& send, int tubeOffset) {
    const double cpu0 = threadCpuMs();
    const auto t0 = Steady::now();
    int ok = 0;
    for (int i = 0; i < requests; ++i)
      ok += send(body(i, tubeOffset), "bench-" + std::string(name) + "-" + std::to_string(tubeOffset) + "-" + std::to_string(i)) == 201;
    const double wall = ms(Steady::now() - t0);
    const double cpu = threadCpuMs() - cpu0;
    std::printf("http: %-6s %d registrations on one keep-alive connection: %.0f/s, client CPU %.1f us/request (%d ok)\n",
                name, requests, requests / (wall / 1000.0), cpu * 1000.0 / requests, ok);
  };
  ApiClient poco(server.url(), std::chrono::seconds(10));
  const std::string url = server.url();
  bench::BeastClient beast("127.0.0.1", url.substr(url.rfind(':') + 1));
  // Alternated, twice each, so that neither gains from running second on a warmer server.
  for (int round = 0; round < 2; ++round) {
    run("poco", [&](const std::string& b, const std::string& k) { return poco.send("POST", "/api/v1/registrations", b, token, k).status; },
        (2 * round) * tubesPerRun);
    run("beast", [&](const std::string& b, const std::string& k) { return beast.post("/api/v1/registrations", b, token, k); },
        (2 * round + 1) * tubesPerRun);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "all";
  const int n = argc > 2 ? std::atoi(argv[2]) : 0;
  const int connections = argc > 3 ? std::atoi(argv[3]) : SyncSettings{}.connections;
  if (argc > 4) gWindow = static_cast<std::size_t>(std::atoi(argv[4]));
  if (argc > 5) gBatchSize = static_cast<std::size_t>(std::atoi(argv[5]));
  try {
    if (what == "ack" || what == "all") benchAck(n > 0 ? n : 5000);
    if (what == "drain" || what == "all") benchDrain(n > 0 ? n : 20000, connections);
    if (what == "http" || what == "all") benchHttp(n > 0 ? n : 3000);
    if (what != "ack" && what != "drain" && what != "http" && what != "all") {
      std::cerr << "usage: station-bench [ack|drain|http|all] [N] [connections] [window] [batch size]\n";
      return 64;
    }
  } catch (const std::exception& e) {
    std::cerr << "station-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
