// planner-bench: the planner's and simulator's targets (docs/bench-planner.md): plan a
// 20-million-person city (10,000 grid units, 5,000 sites, 50 labs) in <= 1 s; simulate it, every
// event, in <= 30 s and <= 2 GB (run under /usr/bin/time -v for the peak memory).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "natlims/planner/CityGenerator.h"
#include "natlims/planner/PlanJson.h"
#include "natlims/planner/Planner.h"
#include "natlims/planner/ScenarioReader.h"
#include "natlims/planner/ScenarioWriter.h"
#include "natlims/planner/Simulator.h"

namespace {

using namespace natlims::planner;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void usage() {
  std::puts(
      "Usage: planner-bench [--city SPEC] [--repeat N] [--simulate N] [--no-remedies]\n"
      "  --city SPEC    population=20000000,grid_units=10000,sites=5000,labs=50,seed=1 (default)\n"
      "  --repeat N     plans to time (default 5; the median is reported)\n"
      "  --simulate N   simulated runs to time (default 1; 0 skips the simulation)\n"
      "  --no-remedies  skip the 30-hour variant that exercises the remedy search");
}

}  // namespace

int main(int argc, char** argv) {
  std::string spec;
  int repeat = 5, simulate = 1;
  bool remedies = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--city" && i + 1 < argc) spec = argv[++i];
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--simulate" && i + 1 < argc) simulate = std::max(0, std::atoi(argv[++i]));
    else if (a == "--no-remedies") remedies = false;
    else {
      usage();
      return a == "--help" ? 0 : 2;
    }
  }
  std::string error;
  const auto city = CityGenerator::parseSpec(spec, error);
  if (!city) {
    std::fprintf(stderr, "planner-bench: %s\n", error.c_str());
    return 2;
  }

  auto t = Clock::now();
  const Scenario generated = CityGenerator::generate(*city);
  const std::string json = ScenarioWriter::write(generated);
  std::printf("city: %lld people, %zu grid units, %zu sites, %zu labs; scenario JSON %.1f MB (generated in %.3f s)\n",
              static_cast<long long>(generated.totalPopulation()), generated.gridUnits.size(), generated.sites.size(),
              generated.labs.size(), json.size() / 1e6, secondsSince(t));

  t = Clock::now();
  const auto read = ScenarioReader::read(json);
  if (!read) {
    std::fprintf(stderr, "planner-bench: %s\n", read.error.message.c_str());
    return 1;
  }
  std::printf("read and validate the scenario JSON: %.3f s\n", secondsSince(t));
  const Scenario& scenario = *read.scenario;

  std::vector<double> times;
  Plan plan;
  for (int i = 0; i < repeat; ++i) {
    t = Clock::now();
    plan = Planner::plan(scenario);
    times.push_back(secondsSince(t));
  }
  t = Clock::now();
  const std::string planJson = PlanJson::write(plan);
  const double jsonSeconds = secondsSince(t);
  std::printf("plan (target <= 1 s): median %.3f s, min %.3f s over %d plans; %s; bottleneck %s; "
              "%lld tubes, %d plates, %zu pickups; plan JSON %.1f MB in %.3f s\n",
              median(times), *std::min_element(times.begin(), times.end()), repeat, plan.verdict.c_str(),
              stageName(plan.bottleneck), static_cast<long long>(plan.tubes), plan.plates, plan.pickups.size(),
              planJson.size() / 1e6, jsonSeconds);

  if (remedies) {
    Scenario tight = scenario;
    tight.deadlineHours = std::max(1.0, std::floor(plan.hoursToComplete()) - 3);
    t = Clock::now();
    const Plan missed = Planner::plan(tight);
    std::printf("plan with a %.0f h deadline (remedy search): %.3f s; %s\n", tight.deadlineHours, secondsSince(t),
                missed.verdict.c_str());
  }

  if (simulate > 0) {
    t = Clock::now();
    const SimulationReport sim = Simulator::simulate(scenario, plan, {simulate, 1});
    const double seconds = secondsSince(t);
    std::printf("simulate (target <= 30 s per run): %d run(s) in %.3f s (%.3f s per run), %.0f events per run "
                "(%.0f swabs, %.0f tubes, %.0f plates, %.0f retests); mean completion +%.2f h vs planned +%.2f h "
                "(%s, tolerance %.0f min)\n",
                simulate, seconds, seconds / simulate, sim.events.total(), sim.events.swabs, sim.events.tubesClosed,
                sim.events.plates, sim.events.retests, sim.completion.mean / 60, plan.hoursToComplete(),
                sim.completionAgrees ? "agrees" : "DISAGREES", sim.toleranceMinutes);
  }
  return 0;
}
