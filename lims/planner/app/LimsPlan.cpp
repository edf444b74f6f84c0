// lims-plan: plans (and simulates) a screening round from a scenario file.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "natlims/planner/CityGenerator.h"
#include "natlims/planner/LoadChart.h"
#include "natlims/planner/PlanJson.h"
#include "natlims/planner/PlanSummary.h"
#include "natlims/planner/Planner.h"
#include "natlims/planner/ScenarioReader.h"
#include "natlims/planner/ScenarioWriter.h"
#include "natlims/planner/ScheduleCsv.h"
#include "natlims/planner/Simulator.h"

namespace {

using namespace natlims::planner;

constexpr const char* kUsage = R"(Usage: lims-plan SCENARIO.json [--json [--slots]] [--csv FILE] [--chart FILE.svg]
                 [--simulate N] [--seed S]
       lims-plan --generate-city [SPEC]
       lims-plan --help

Plans a screening round: the invitation slots of every grid unit at its sampling site, courier
pickups and lab loading; the predicted completion (every person has a result from the first,
pooled test), the bottleneck (sampling, transport or lab) and a verdict with a computed remedy
when the deadline is missed; the check that positives are reported within the SLA; the recall
and re-sampling workload at the scenario's prevalence.

  SCENARIO.json     the scenario (docs/planner.md); "-" reads standard input
  --json            print the plan as JSON instead of the text summary
  --slots           with --json: include every grid unit's invitation slot
  --csv FILE        write the schedule (slots, pickups, lab-hours) as CSV
  --chart FILE.svg  write an SVG chart of planned load against capacity
  --simulate N      also simulate the round N times (every person, tube, box and plate) and
                    compare with the plan
  --seed S          seed of the simulation (default 1)
  --generate-city [SPEC]
                    print a synthetic city scenario; SPEC is
                    population=20000000,grid_units=10000,sites=5000,labs=50,seed=1 (the defaults)
  --help            this text

Exit status: 0 when planned (whether or not it meets the deadline; see "within_deadline"),
2 on bad input, 1 when a file cannot be read or written.
)";

struct Options {
  std::string scenario;
  bool json = false;
  bool slots = false;
  std::string csv, chart;
  int simulate = 0;
  std::uint64_t seed = 1;
  bool generate = false;
  std::string citySpec;
};

struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct IoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::uint64_t wholeNumber(const std::string& flag, const std::string& text, std::uint64_t most) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
    throw BadInput(flag + " must be a whole number, not \"" + text + "\"");
  const std::uint64_t v = std::stoull(text);
  if (v > most) throw BadInput(flag + " must be at most " + std::to_string(most));
  return v;
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw BadInput(a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") return std::nullopt;
    if (a == "--json") o.json = true;
    else if (a == "--slots") o.slots = true;
    else if (a == "--csv") o.csv = value();
    else if (a == "--chart") o.chart = value();
    else if (a == "--simulate") {
      o.simulate = static_cast<int>(wholeNumber(a, value(), 100000));
      if (o.simulate < 1) throw BadInput("--simulate must be at least 1");
    } else if (a == "--seed") o.seed = wholeNumber(a, value(), ~0ull >> 1);
    else if (a == "--generate-city") {
      o.generate = true;
      if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) o.citySpec = argv[++i];
    } else if (a.size() > 1 && a[0] == '-') throw BadInput("unknown option " + a + " (see --help)");
    else if (o.scenario.empty()) o.scenario = a;
    else throw BadInput("one scenario file only (got \"" + o.scenario + "\" and \"" + a + "\")");
  }
  if (!o.generate && o.scenario.empty()) throw BadInput("no scenario file given (see --help)");
  if (o.slots && !o.json) throw BadInput("--slots goes with --json");
  return o;
}

std::string readAll(const std::string& path) {
  if (path == "-") return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

template <typename Writer>
void writeFile(const std::string& path, Writer write) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError("cannot write " + path + ": " + std::strerror(errno));
    write(out);
    out.flush();
    if (!out) throw IoError("cannot write " + path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw IoError("cannot write " + path + ": " + std::strerror(errno));
}

// Messages stay on one line whatever the parser said.
std::string oneLine(std::string text) {
  for (auto& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

int run(const Options& o) {
  if (o.generate) {
    std::string error;
    const auto spec = CityGenerator::parseSpec(o.citySpec, error);
    if (!spec) throw BadInput(error);
    std::cout << ScenarioWriter::write(CityGenerator::generate(*spec)) << '\n';
    return 0;
  }
  const auto read = ScenarioReader::read(readAll(o.scenario));
  if (!read) throw BadInput(read.error.message);
  Plan plan;
  try {
    plan = Planner::plan(*read.scenario);
  } catch (const std::invalid_argument& e) {
    throw BadInput(e.what());
  }
  std::optional<SimulationReport> sim;
  if (o.simulate > 0) sim = Simulator::simulate(*read.scenario, plan, {o.simulate, o.seed});
  if (!o.csv.empty()) writeFile(o.csv, [&](std::ostream& out) { ScheduleCsv::write(plan, out); });
  if (!o.chart.empty()) writeFile(o.chart, [&](std::ostream& out) { LoadChart::write(plan, out); });
  if (o.json) std::cout << PlanJson::write(plan, sim ? &*sim : nullptr, {o.slots}) << '\n';
  else PlanSummary::write(plan, std::cout, sim ? &*sim : nullptr);
  std::cout.flush();
  return std::cout ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto options = parse(argc, argv);
    if (!options) {
      std::cout << kUsage;
      return 0;
    }
    return run(*options);
  } catch (const BadInput& e) {
    std::cerr << "lims-plan: " << oneLine(e.what()) << '\n';
    return 2;
  } catch (const IoError& e) {
    std::cerr << "lims-plan: " << oneLine(e.what()) << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "lims-plan: " << oneLine(e.what()) << '\n';
    return 1;
  }
}
