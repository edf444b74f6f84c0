// instruments-bench: how long natlims::instruments takes to turn a 96-well three-target result
// file into per-tube results (read + plate check + interpretation), per instrument format.
//
//   instruments-bench [--iterations N] [--kits DIR] [--fixtures DIR]
//
// The ABI 7500 input is tests/instruments/fixtures/abi7500_daan_96.txt (94 tubes, 2 controls,
// ORF1ab/N/IC); the CFX, RDML and JSON inputs are the same run written in those formats. Storing
// the results is the server's job and is not measured here.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "natlims/instruments/Interpretation.h"
#include "natlims/instruments/KitRegistry.h"
#include "natlims/instruments/PlateCheck.h"
#include "natlims/instruments/PlateLayout.h"
#include "natlims/instruments/ResultsJson.h"
#include "natlims/instruments/RunReader.h"

using namespace natlims::instruments;
using Clock = std::chrono::steady_clock;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "instruments-bench: cannot read " << path << "\n";
    std::exit(2);
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// The same run as a CFX Maestro CSV (CRLF, empty first column, NaN for no Cq).
std::string asCfx(const RunData& run) {
  std::string out = ",Well,Fluor,Target,Content,Sample,Biological Set Name,Cq,Cq Mean,Cq Std. Dev,Starting Quantity (SQ),"
                    "Log Starting Quantity,SQ Mean,SQ Std. Dev,Set Point,Well Note\r\n";
  for (const auto& w : run.wells) {
    const std::string cq = w.ct.hasValue() ? w.ct.raw : "NaN";
    out += "," + wellLabelPadded(w.position) + "," + (w.dye == "VIC" ? "HEX" : w.dye) + "," + w.target + ",Unkn," + w.sample +
           ",," + cq + "," + (w.ct.hasValue() ? cq : "0") + ",0,NaN,NaN,NaN,0,60,\r\n";
  }
  return out;
}

// The same run as bare RDML 1.3 (numeric react ids, -1.0 for no Cq, no amplification points).
std::string asRdml(const RunData& run) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdml version=\"1.3\" xmlns=\"http://www.rdml.org\">\n";
  out += "<target id=\"ORF1ab\"><dyeId id=\"FAM\"/></target><target id=\"N\"><dyeId id=\"VIC\"/></target>"
         "<target id=\"IC\"><dyeId id=\"CY5\"/></target>\n<experiment id=\"bench\"><run id=\"r\">"
         "<pcrFormat><rows>8</rows><columns>12</columns></pcrFormat>\n";
  for (std::size_t i = 0; i < run.wells.size(); i += 3) {
    const auto& w = run.wells[i];
    out += "<react id=\"" + std::to_string(wellIndex(w.position, 1, PlateFormat{8, 12})) + "\"><sample id=\"" + w.sample + "\"/>";
    for (std::size_t k = i; k < i + 3 && k < run.wells.size(); ++k) {
      out += "<data><tar id=\"" + run.wells[k].target + "\"/><cq>" + (run.wells[k].ct.hasValue() ? run.wells[k].ct.raw : "-1.0") +
             "</cq></data>";
    }
    out += "</react>\n";
  }
  return out + "</run></experiment></rdml>\n";
}

struct Stats {
  double median = 0;
  double p99 = 0;
  double max = 0;
};

Stats measure(int iterations, const std::function<void()>& op) {
  for (int i = 0; i < 20; ++i) op();  // warm-up
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(iterations));
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    op();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  Stats s;
  s.median = ms[ms.size() / 2];
  s.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  s.max = ms.back();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = 2000;
  std::string kits = std::string(NATLIMS_SOURCE_DIR) + "/config/kits";
  std::string fixtures = std::string(NATLIMS_SOURCE_DIR) + "/tests/instruments/fixtures";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << "usage: instruments-bench [--iterations N] [--kits DIR] [--fixtures DIR]\n"
                   "Times read + plate check + interpretation of a 96-well three-target run per format.\n";
      return 0;
    }
    if (i + 1 >= argc) {
      std::cerr << "instruments-bench: " << a << " needs a value\n";
      return 2;
    }
    if (a == "--iterations") iterations = std::max(10, std::atoi(argv[++i]));
    else if (a == "--kits") kits = argv[++i];
    else if (a == "--fixtures") fixtures = argv[++i];
    else {
      std::cerr << "instruments-bench: unknown option " << a << "\n";
      return 2;
    }
  }
  const KitRegistry registry = KitRegistry::loadDirectory(kits);
  const Kit& kit = *registry.find(KitRegistry::kDefaultKitId);
  const std::vector<std::string> tubes = lines(slurp(fixtures + "/tubes.txt"));
  LayoutOutcome layout = layoutPlate(tubes, kit, 96);
  if (!layout.ok()) {
    std::cerr << "instruments-bench: " << layout.message << "\n";
    return 1;
  }
  const PlateLayout plate = *layout.plate;
  const InputFile abi{"abi7500_daan_96.txt", slurp(fixtures + "/abi7500_daan_96.txt")};
  const ReadOutcome first = readRun(abi);
  if (!first.ok()) {
    std::cerr << "instruments-bench: " << first.error.message << "\n";
    return 1;
  }
  const std::vector<InputFile> inputs = {abi,
                                         InputFile{"run.csv", asCfx(*first.run)},
                                         InputFile{"run.rdml.xml", asRdml(*first.run)},
                                         InputFile{"run.json", writeResultsJson(*first.run)}};
  std::printf("96-well plate, 94 tubes + 2 controls, 3 targets (288 readings), kit %s; %d iterations each\n",
              kit.id.c_str(), iterations);
  std::printf("%-22s %8s %-26s %10s %10s %10s\n", "format", "bytes", "operation", "median ms", "p99 ms", "max ms");
  int failures = 0;
  for (const auto& input : inputs) {
    const ReadOutcome check = readRun(input);
    if (!check.ok() || check.run->wells.size() != 288) {
      std::cerr << "instruments-bench: " << input.name << " did not read as 288 readings: " << check.error.message << "\n";
      return 1;
    }
    const RunInterpretation once = interpretRun(*check.run, kit, plate.assignments());
    if (!once.plateValid || once.tubes.size() != 94 || !checkRun(plate, *check.run).ok()) {
      std::cerr << "instruments-bench: " << input.name << " does not interpret as the fixture plate\n";
      return 1;
    }
    const std::string format = check.run->format;
    const auto read = measure(iterations, [&] { (void)readRun(input); });
    const auto all = measure(iterations, [&] {
      const ReadOutcome r = readRun(input);
      const PlateCheck c = checkRun(plate, *r.run);
      const RunInterpretation i = interpretRun(*r.run, kit, plate.assignments());
      if (!c.ok() || !i.plateValid) ++failures;
    });
    std::printf("%-22s %8zu %-26s %10.3f %10.3f %10.3f\n", format.c_str(), input.bytes.size(), "read", read.median, read.p99, read.max);
    std::printf("%-22s %8zu %-26s %10.3f %10.3f %10.3f\n", format.c_str(), input.bytes.size(), "read+check+interpret", all.median,
                all.p99, all.max);
  }
  std::printf("target: parse + interpret <= 20 ms per 96-well three-target run (store excluded)\n");
  return failures == 0 ? 0 : 1;
}
