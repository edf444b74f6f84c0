// sampling-station: the sampling-point client (docs/station.md).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "JsonText.h"
#include "PrintedLabels.h"
#include "natlims/station/ApiClient.h"
#include "natlims/station/Journal.h"
#include "natlims/station/ScreenApp.h"
#include "natlims/station/ScriptRunner.h"
#include "natlims/station/Simulator.h"
#include "natlims/station/Station.h"
#include "natlims/station/StationOptions.h"
#include "natlims/station/Terminal.h"

using namespace natlims::station;

namespace {

std::atomic<bool> gStop{false};

void onSignal(int) { gStop = true; }

void installSignals() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() returns at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

[[noreturn]] void fail(const std::string& why) {
  std::cerr << "sampling-station: " << why << std::endl;
  std::exit(64);
}

std::int64_t journalCampaign(const std::string& path) {
  if (!std::filesystem::exists(path)) return 0;
  Journal j(path);
  const auto c = j.meta("campaign");
  return c ? std::stoll(*c) : 0;
}

// Lets the operator pick the round from the server's list (a terminal, no --campaign, new journal).
std::int64_t pickCampaign(const StationOptions& o, const std::string& password) {
  ApiClient client(o.server, o.timeout);
  const std::string login = JsonText().field("username", o.user).field("password", password).str();
  HttpAnswer a;
  try {
    a = client.send("POST", "/api/v1/session", login);
  } catch (const NetworkError& e) {
    fail(std::string("cannot reach the server to list the campaigns (give --campaign ID to start offline): ") + e.what());
  }
  if (a.status != 201) fail("login refused: " + parseApiError(a).message);
  Poco::JSON::Parser parser;
  const auto session = parser.parse(a.body).extract<Poco::JSON::Object::Ptr>();
  const HttpAnswer list = client.send("GET", "/api/v1/campaigns", {}, session->getValue<std::string>("token"));
  parser.reset();
  const auto campaigns = parser.parse(list.body).extract<Poco::JSON::Object::Ptr>()->getArray("campaigns");
  std::cout << "Campaigns on " << o.server << ":\n";
  for (std::size_t i = 0; campaigns && i < campaigns->size(); ++i) {
    const auto c = campaigns->getObject(static_cast<unsigned>(i));
    std::cout << "  " << c->optValue<std::int64_t>("id", 0) << "  " << c->optValue<std::string>("name", "") << "  ("
              << c->optValue<std::string>("area", "") << ", " << c->optValue<int>("pool_size", 0) << "-in-1, deadline "
              << c->optValue<std::string>("deadline", "") << ")\n";
  }
  std::cout << "Campaign id: " << std::flush;
  std::string line;
  std::getline(std::cin, line);
  try {
    return std::stoll(line);
  } catch (const std::exception&) {
    fail("no campaign picked");
  }
}

}  // namespace

int main(int argc, char** argv) {
  StationOptions o;
  try {
    o = parseStationOptions(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    fail(e.what());
  }
  if (o.help) {
    std::cout << stationUsage();
    return 0;
  }
  installSignals();
  const bool interactive = o.script.empty() && o.simulateRate <= 0;

  std::string password;
  if (!o.offline) {
    if (const char* env = std::getenv("LIMS_PASSWORD")) password = env;
    else if (::isatty(STDIN_FILENO)) password = promptPassword("Password for " + o.user + ": ");
    if (password.empty()) fail("no password: set LIMS_PASSWORD or run on a terminal");
  }

  StationSettings s;
  s.journalPath = o.journal;
  s.station = o.station;
  s.user = o.user;
  s.campaignId = o.campaign;
  s.poolSize = o.poolSize;
  s.startSync = !o.offline;
  if (!o.preRegKey.empty()) s.preRegKey = natlims::domain::ed25519PublicKeyFromBase64(o.preRegKey);
  s.sync.serverUrl = o.server;
  s.sync.password = password;
  s.sync.retryMin = o.retryMin;
  s.sync.retryMax = o.retryMax;
  s.sync.timeout = o.timeout;
  s.sync.connections = o.connections;
  s.sync.batchSize = static_cast<std::size_t>(o.batchSize);
  if (o.simulateRate > 0) s.sync.tubeCodeStock = 5;

  try {
    if (s.campaignId == 0 && journalCampaign(o.journal) == 0) {
      if (!interactive || o.offline || !::isatty(STDIN_FILENO)) fail("--campaign is required for a new journal");
      s.campaignId = pickCampaign(o, password);
    }
    Clock clock = systemMillis;
    if (o.simulateRate > 0 && o.people > 0 && o.speed != 1) {
      // The simulated shift ends about now: the server refuses scans timed in the future.
      const double shiftMs = o.people / o.simulateRate * 3600.0 * 1000.0;
      clock = scaledClock(o.speed, systemMillis() - static_cast<std::int64_t>(shiftMs));
    }
    std::unique_ptr<PrintedLabels> labels;
    if (!o.printer.empty() || !o.labelsPdf.empty())
      labels = std::make_unique<PrintedLabels>(o.printer, o.labelsPdf);
    Station station(s, clock, labels.get());

    if (!o.script.empty()) return runScript(station, o.script, std::cout, gStop);

    SimulateSettings sim;
    sim.ratePerHour = o.simulateRate;
    sim.people = o.people;
    sim.seed = o.seed;
    if (o.simulateRate > 0 && !(::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)))
      return runSimulation(station, sim, o.speed, std::cout, gStop);

    int status = 0;
    {
      Terminal terminal;
      ScreenApp app(station, terminal, gStop);
      Simulator simulator(sim);
      status = app.run(o.simulateRate > 0 ? &simulator : nullptr, o.simulateRate, o.speed);
    }
    const auto queued = station.counts().queued;
    if (queued > 0)
      std::cerr << "sampling-station: " << queued << " entries not yet uploaded; they are safe in " << o.journal
                << " and go out at the next start" << std::endl;
    return status;
  } catch (const std::exception& e) {
    fail(e.what());
  }
}
