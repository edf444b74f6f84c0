#include "natlims/instruments/PlateCheck.h"

#include <algorithm>
#include <map>
#include <set>

#include "text/Table.h"

namespace natlims::instruments {

namespace {

std::string fold(std::string_view s) { return detail::lowerAscii(detail::trim(s)); }

bool matchesControl(std::string_view name, const ControlSpec& spec) {
  if (fold(name) == fold(spec.name)) return true;
  for (const auto& a : spec.aliases) {
    if (fold(name) == fold(a)) return true;
  }
  return false;
}

// Does the run's sample name stand for what the plate laid out there?
bool sameSample(std::string_view runName, const PlateWell& expected, const Kit* kit) {
  if (fold(runName) == fold(expected.name)) return true;
  if (kit == nullptr) return false;
  if (expected.kind == SampleKind::PositiveControl) return matchesControl(runName, kit->positiveControl);
  if (expected.kind == SampleKind::NegativeControl) return matchesControl(runName, kit->negativeControl);
  return false;
}

std::string readingName(const WellReading& r) {
  if (!r.target.empty()) return r.target;
  return r.dye.empty() ? std::string("reading") : r.dye;
}

}  // namespace

std::string_view plateProblemCode(PlateProblemKind kind) {
  switch (kind) {
    case PlateProblemKind::PlateSizeMismatch: return "plate_size_mismatch";
    case PlateProblemKind::WellNotOnPlate: return "well_not_on_plate";
    case PlateProblemKind::UnknownSample: return "unknown_sample";
    case PlateProblemKind::TubeOfAnotherPlate: return "tube_of_another_plate";
    case PlateProblemKind::WrongWell: return "wrong_well";
    case PlateProblemKind::DuplicateWell: return "duplicate_well";
    case PlateProblemKind::NoSampleName: return "no_sample_name";
    case PlateProblemKind::MissingResult: return "missing_result";
  }
  return "unknown_sample";
}

PlateCheck checkRun(const PlateLayout& plate, const RunData& run, const TubePlateLookup& plateOfTube,
                    const CheckOptions& options) {
  PlateCheck check;
  auto problem = [&](PlateProblemKind kind, std::string well, std::string sample, std::string message) {
    check.problems.push_back(PlateProblem{kind, std::move(well), std::move(sample), std::move(message)});
  };
  const std::string plateName = plate.plateId.empty() ? std::string("the plate") : "plate " + plate.plateId;
  if (run.plate && *run.plate != plate.format) {
    problem(PlateProblemKind::PlateSizeMismatch, "", "",
            "the run is a " + std::to_string(run.plate->wells()) + "-well run, " + plateName + " has " +
                std::to_string(plate.format.wells()) + " wells");
  }
  // Group readings by well, in file order.
  std::vector<WellPosition> order;
  std::map<WellPosition, std::vector<const WellReading*>> byWell;
  std::set<std::string> placeless;  // samples without a well already reported
  for (const auto& r : run.wells) {
    WellPosition position = r.position;
    if (!r.positionKnown) {
      // A link result without a well: its sample name says where it belongs.
      const std::string name = detail::trim(r.sample);
      const PlateWell* laidOut = plate.find(name);
      if (laidOut == nullptr) {
        if (placeless.insert(fold(name)).second) {
          if (auto other = plateOfTube ? plateOfTube(name) : std::nullopt; other && *other != plate.plateId) {
            problem(PlateProblemKind::TubeOfAnotherPlate, "", name,
                    "tube " + name + " (the run names no well) belongs to plate " + *other + ", not " + plateName);
          } else {
            problem(PlateProblemKind::UnknownSample, "", name,
                    "sample '" + name + "' (the run names no well) is not on " + plateName);
          }
        }
        continue;
      }
      position = laidOut->position;
    }
    auto& list = byWell[position];
    if (list.empty()) order.push_back(position);
    list.push_back(&r);
  }
  for (const WellPosition& pos : order) {
    const auto& readings = byWell[pos];
    const std::string label = wellLabel(pos);
    if (!plate.format.contains(pos)) {
      problem(PlateProblemKind::WellNotOnPlate, label, readings.front()->sample,
              "well " + label + " lies outside " + plateName + " (" + std::to_string(plate.format.wells()) + " wells)");
      continue;
    }
    // One sample name per well, one reading per target.
    std::vector<std::string> names;
    std::map<std::string, int> perTarget;
    for (const WellReading* r : readings) {
      const std::string n = detail::trim(r->sample);
      if (!n.empty() && std::find_if(names.begin(), names.end(), [&](const std::string& x) { return fold(x) == fold(n); }) == names.end()) {
        names.push_back(n);
      }
      const std::string key = fold(r->target) + "|" + dyeFamily(r->dye);
      if (++perTarget[key] == 2) {
        problem(PlateProblemKind::DuplicateWell, label, n,
                "well " + label + " has two readings for " + readingName(*r) + " (line " + std::to_string(r->line) + ")");
      }
    }
    if (names.size() > 1) {
      problem(PlateProblemKind::DuplicateWell, label, names[1],
              "well " + label + " carries two sample names: '" + names[0] + "' and '" + names[1] + "'");
      continue;
    }
    const std::string name = names.empty() ? std::string() : names.front();
    const PlateWell* expected = plate.at(pos);
    if (expected == nullptr) {
      if (name.empty()) {
        bool amplified = false;
        std::string what;
        for (const WellReading* r : readings) {
          if (r->ct.hasValue()) {
            amplified = true;
            what = readingName(*r) + " " + r->ct.raw;
            break;
          }
        }
        if (!amplified) {
          check.ignoredWells.push_back(label);
        } else {
          problem(PlateProblemKind::WellNotOnPlate, label, "",
                  "well " + label + " is empty on " + plateName + " but shows amplification (" + what + ")");
        }
        continue;
      }
      if (const PlateWell* elsewhere = plate.find(name)) {
        problem(PlateProblemKind::WrongWell, label, name,
                "'" + name + "' is laid out at " + wellLabel(elsewhere->position) + " but the run has it at " + label);
      } else if (auto other = plateOfTube ? plateOfTube(name) : std::nullopt; other && *other != plate.plateId) {
        problem(PlateProblemKind::TubeOfAnotherPlate, label, name,
                "tube " + name + " at " + label + " belongs to plate " + *other + ", not " + plateName);
      } else {
        problem(PlateProblemKind::UnknownSample, label, name,
                "sample '" + name + "' at " + label + " is not on " + plateName + " (the well is empty there)");
      }
      continue;
    }
    if (name.empty()) {
      if (!options.acceptUnnamedWells) {
        problem(PlateProblemKind::NoSampleName, label, "",
                "well " + label + " should hold '" + expected->name + "' but the run gives no sample name");
      }
    } else if (!sameSample(name, *expected, options.kit)) {
      if (const PlateWell* elsewhere = plate.find(name)) {
        problem(PlateProblemKind::WrongWell, label, name,
                "'" + name + "' is laid out at " + wellLabel(elsewhere->position) + " but the run has it at " + label +
                    " (where '" + expected->name + "' belongs)");
      } else if (auto other = plateOfTube ? plateOfTube(name) : std::nullopt; other && *other != plate.plateId) {
        problem(PlateProblemKind::TubeOfAnotherPlate, label, name,
                "tube " + name + " at " + label + " belongs to plate " + *other + ", not " + plateName);
      } else {
        problem(PlateProblemKind::UnknownSample, label, name,
                "well " + label + " should hold '" + expected->name + "' but the run has '" + name + "'");
      }
    }
  }
  // Every laid-out well needs its readings.
  for (const auto& w : plate.wells) {
    const std::string label = wellLabel(w.position);
    const auto it = byWell.find(w.position);
    if (it == byWell.end()) {
      problem(PlateProblemKind::MissingResult, label, w.name, "'" + w.name + "' at " + label + " has no result in the run");
      continue;
    }
    if (options.kit == nullptr) continue;
    for (const auto& t : options.kit->targets) {
      bool found = false;
      for (const WellReading* r : it->second) found = found || options.kit->matchTarget(r->target, r->dye) == &t;
      if (!found) {
        problem(PlateProblemKind::MissingResult, label, w.name,
                "'" + w.name + "' at " + label + " has no " + t.name + " (" + t.dye + ") reading");
      }
    }
  }
  return check;
}

}  // namespace natlims::instruments
