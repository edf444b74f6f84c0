#include <catch2/catch.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestScenarios.h"
#include "natlims/planner/ScenarioWriter.h"

namespace fs = std::filesystem;
using namespace natlims::planner;

namespace {

struct Outcome {
  int status = -1;
  std::string out, err;
};

// Runs the real lims-plan binary.
Outcome limsPlan(const std::vector<std::string>& args, const std::string& input = "") {
  Poco::Pipe in, out, err;
  Poco::ProcessHandle process = Poco::Process::launch(std::string(NATLIMS_BIN_DIR) + "/lims-plan", args, &in, &out, &err);
  {
    Poco::PipeOutputStream stdinStream(in);
    stdinStream << input;
  }
  in.close();
  Outcome o;
  Poco::PipeInputStream outStream(out), errStream(err);
  Poco::StreamCopier::copyToString(outStream, o.out);
  Poco::StreamCopier::copyToString(errStream, o.err);
  o.status = process.wait();
  return o;
}

// A scratch folder per test, removed afterwards.
struct Scratch {
  fs::path dir;
  Scratch() {
    dir = fs::temp_directory_path() / ("lims-plan-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string file(const std::string& name, const std::string& content) const {
    const auto path = dir / name;
    std::ofstream(path) << content;
    return path.string();
  }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string scenarioJson(double deadlineHours = 48) {
  Scenario s = test::oneSiteOneLab();
  s.deadlineHours = deadlineHours;
  s.prevalence = 0.001;
  return ScenarioWriter::write(test::valid(s));
}

}  // namespace

TEST_CASE("lims-plan --json prints the contract's fields", "[planner][cli]") {
  Scratch scratch;
  const auto o = limsPlan({scratch.file("round.json", scenarioJson()), "--json"});
  REQUIRE(o.status == 0);
  CHECK(o.err.empty());
  Poco::JSON::Parser parser;
  const auto plan = parser.parse(o.out).extract<Poco::JSON::Object::Ptr>();
  CHECK(plan->getValue<std::string>("completion") == "2026-12-01T13:30:00+08:00");
  CHECK(plan->getValue<double>("hours_to_complete") == Approx(13.5));
  CHECK(plan->getValue<bool>("within_deadline"));
  CHECK(plan->getValue<std::string>("bottleneck") == "sampling");
  CHECK(plan->getValue<double>("report_p99_minutes") == Approx(20));
  CHECK(plan->getValue<std::string>("verdict") == "finishes at +13.5 h, within 48 h");
  CHECK(plan->getObject("recall")->getValue<double>("positive_pools") == Approx(11.9).margin(0.1));
  CHECK(plan->getArray("sites")->size() == 1);
  CHECK(plan->getArray("labs")->size() == 1);
  CHECK_FALSE(plan->has("simulation"));
  CHECK_FALSE(plan->has("slots"));
}

TEST_CASE("lims-plan --json --slots adds every grid unit's invitation slot", "[planner][cli]") {
  const auto o = limsPlan({"-", "--json", "--slots"}, scenarioJson());
  REQUIRE(o.status == 0);
  Poco::JSON::Parser parser;
  const auto slots = parser.parse(o.out).extract<Poco::JSON::Object::Ptr>()->getArray("slots");
  REQUIRE(slots);
  REQUIRE(slots->size() == 1);
  const auto slot = slots->getObject(0);
  CHECK(slot->getValue<std::string>("grid_unit") == "D1/S1/C1");
  CHECK(slot->getValue<std::string>("group") == "everyone");
  CHECK(slot->getValue<std::string>("start") == "2026-12-01T00:00:00+08:00");
  CHECK(slot->getValue<std::string>("end") == "2026-12-01T10:00:00+08:00");
  CHECK(slot->getValue<int>("people") == 12000);
  CHECK(limsPlan({"-", "--slots"}, scenarioJson()).status == 2);
}

TEST_CASE("lims-plan reads standard input and prints a text summary", "[planner][cli]") {
  const auto o = limsPlan({"-"}, scenarioJson(8));
  REQUIRE(o.status == 0);
  CHECK(o.out.find("Verdict     misses by 5.5 h: add 10 tables at site P1") != std::string::npos);
  CHECK(o.out.find("Bottleneck  sampling at P1") != std::string::npos);
  CHECK(o.out.find("SLA") != std::string::npos);
}

TEST_CASE("lims-plan --simulate adds the simulation and its agreement", "[planner][cli]") {
  Scratch scratch;
  const auto o = limsPlan({scratch.file("round.json", scenarioJson()), "--json", "--simulate", "5", "--seed", "9"});
  REQUIRE(o.status == 0);
  Poco::JSON::Parser parser;
  const auto sim = parser.parse(o.out).extract<Poco::JSON::Object::Ptr>()->getObject("simulation");
  REQUIRE(sim);
  CHECK(sim->getValue<int>("runs") == 5);
  CHECK(sim->getValue<int>("seed") == 9);
  CHECK(sim->getObject("agreement")->getValue<bool>("completion_agrees"));
  CHECK(sim->getObject("events_per_run")->getValue<double>("swabs") == Approx(12000));
}

TEST_CASE("lims-plan --csv writes the schedule", "[planner][cli]") {
  Scratch scratch;
  const auto csv = scratch.path("schedule.csv");
  const auto o = limsPlan({scratch.file("round.json", scenarioJson()), "--csv", csv});
  REQUIRE(o.status == 0);
  std::istringstream lines(readFile(csv));
  std::string line;
  std::getline(lines, line);
  CHECK(line == "kind,site,grid_unit,group,lab,start,end,start_hours,end_hours,people,tubes,pool_size,plates,utilization\r");
  int slots = 0, pickups = 0, labHours = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("slot,", 0) == 0) {
      ++slots;
      CHECK(line == "slot,P1,D1/S1/C1,everyone,L1,2026-12-01T00:00:00+08:00,2026-12-01T10:00:00+08:00,0.000,10.000,"
                    "12000,1200,10,,\r");
    }
    if (line.rfind("pickup,P1,,,L1,", 0) == 0) ++pickups;
    if (line.rfind("lab,,,,L1,", 0) == 0) ++labHours;
  }
  CHECK(slots == 1);
  CHECK(pickups == 10);
  CHECK(labHours > 5);
}

TEST_CASE("lims-plan --chart writes a valid SVG of load against capacity", "[planner][cli]") {
  Scratch scratch;
  const auto svg = scratch.path("load.svg");
  const auto o = limsPlan({scratch.file("round.json", scenarioJson()), "--chart", svg});
  REQUIRE(o.status == 0);
  Poco::XML::DOMParser parser;
  Poco::AutoPtr<Poco::XML::Document> doc = parser.parseString(readFile(svg));
  const auto* root = doc->documentElement();
  REQUIRE(root);
  CHECK(root->localName() == "svg");
  CHECK(root->namespaceURI() == "http://www.w3.org/2000/svg");
  Poco::AutoPtr<Poco::XML::NodeList> lines = doc->getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
  CHECK(lines->length() == 5);  // swabbed, tables, delivered, tested, instruments
  CHECK(readFile(svg).find("finishes at +13.5 h") != std::string::npos);
}

TEST_CASE("lims-plan refuses bad input with a one-line reason naming the field", "[planner][cli]") {
  Scratch scratch;
  struct Row {
    std::vector<std::string> args;
    std::string input;
    const char* reason;
    int status;
  };
  std::string badTables = scenarioJson();
  badTables.replace(badTables.find("\"tables\":8"), 10, "\"tables\":0");
  const Row rows[] = {
      {{scratch.file("bad.json", badTables)}, "", "lims-plan: sites[0].tables must be > 0", 2},
      {{"-"}, "{\"start\": 3}", "lims-plan: start must be a string", 2},
      {{"-"}, "not json", "lims-plan: scenario is not valid JSON", 2},
      {{}, "", "lims-plan: no scenario file given", 2},
      {{"-", "--simulate", "0"}, "", "lims-plan: --simulate must be at least 1", 2},
      {{"-", "--seed", "x"}, "", "lims-plan: --seed must be a whole number", 2},
      {{"-", "--frobnicate"}, "", "lims-plan: unknown option --frobnicate", 2},
      {{"-", "--csv"}, "", "lims-plan: --csv needs a value", 2},
      {{scratch.path("missing.json")}, "", "lims-plan: cannot read", 1},
      {{"--generate-city", "population=5"}, "", "lims-plan: city spec needs", 2},
  };
  for (const auto& row : rows) {
    INFO(row.reason);
    const auto o = limsPlan(row.args, row.input);
    CHECK(o.status == row.status);
    CHECK(o.out.empty());
    CHECK(o.err.rfind(row.reason, 0) == 0);
    CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
  }
  // A file that cannot be written leaves no partial file behind and fails.
  const auto o = limsPlan({scratch.file("ok.json", scenarioJson()), "--csv", scratch.path("no/such/dir/x.csv")});
  CHECK(o.status == 1);
  CHECK(o.err.rfind("lims-plan: cannot write", 0) == 0);
}

TEST_CASE("lims-plan --help and --generate-city", "[planner][cli]") {
  const auto help = limsPlan({"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.rfind("Usage: lims-plan SCENARIO.json", 0) == 0);
  const auto city = limsPlan({"--generate-city", "population=100000,grid_units=50,sites=10,labs=2,seed=3"});
  REQUIRE(city.status == 0);
  // The generated scenario plans.
  const auto plan = limsPlan({"-", "--json"}, city.out);
  REQUIRE(plan.status == 0);
  Poco::JSON::Parser parser;
  const auto json = parser.parse(plan.out).extract<Poco::JSON::Object::Ptr>();
  CHECK(json->getValue<std::int64_t>("population") == 100000);
  CHECK(json->getArray("sites")->size() == 10);
  CHECK(json->getArray("labs")->size() == 2);
}
