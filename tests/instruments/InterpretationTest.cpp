#include <catch2/catch.hpp>
#include <map>
#include <optional>

#include "TestSupport.h"
#include "natlims/instruments/Interpretation.h"
#include "natlims/instruments/PlateLayout.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

namespace {

// A Ct cell in the tables below: a number, "U" (undetermined) or "M" (missing: no reading).
CtValue ct(const std::string& text) {
  if (text == "U") return CtValue::undetermined("Undetermined");
  if (text == "M") return CtValue::missing();
  return CtValue::number(std::stod(text), text);
}

void add(RunData& run, const std::string& well, const std::string& sample, const std::string& target,
         const std::string& dye, const std::string& value) {
  if (value == "M") return;  // no reading at all
  WellReading r;
  r.position = *parseWellLabel(well);
  r.well = well;
  r.sample = sample;
  r.target = target;
  r.dye = dye;
  r.ct = ct(value);
  run.wells.push_back(r);
}

// One tube in A1 with the kit's targets (in kit order), PC at H12 and NC at G12 that pass.
RunData tubeRun(const Kit& kit, const std::vector<std::string>& cts) {
  RunData run;
  for (std::size_t i = 0; i < kit.targets.size(); ++i) {
    const auto& t = kit.targets[i];
    add(run, "A1", "T1", t.name, t.dye, cts[i]);
    add(run, "H12", "PC", t.name, t.dye, t.role == TargetRole::InternalControl ? "30" : "28");
    add(run, "G12", "NC", t.name, t.dye, "U");
  }
  return run;
}

std::vector<WellAssignment> standardAssignments() {
  return {{WellPosition{0, 0}, SampleKind::Sample, "T1"},
          {WellPosition{7, 11}, SampleKind::PositiveControl, "PC"},
          {WellPosition{6, 11}, SampleKind::NegativeControl, "NC"}};
}

}  // namespace

TEST_CASE("per-tube calls under each kit's cut-offs (table)", "[interpretation]") {
  struct Row {
    const char* kit;
    std::vector<std::string> cts;  // kit target order
    TubeCall expected;
    const char* reason;
  };
  const std::vector<Row> rows = {
      {"daan-orf1ab-n", {"25.1", "26.3", "28"}, TubeCall::Positive, "detected"},
      {"daan-orf1ab-n", {"40", "40", "28"}, TubeCall::Positive, "detected"},  // <= 40 is inclusive
      {"daan-orf1ab-n", {"40.01", "U", "28"}, TubeCall::Negative, "no target detected"},
      {"daan-orf1ab-n", {"35.2", "U", "28"}, TubeCall::Retest, "single target"},
      {"daan-orf1ab-n", {"U", "36.1", "28"}, TubeCall::Retest, "single target"},
      {"daan-orf1ab-n", {"U", "U", "28"}, TubeCall::Negative, "no target detected"},
      {"daan-orf1ab-n", {"U", "U", "U"}, TubeCall::Invalid, "internal control failed"},
      {"daan-orf1ab-n", {"U", "U", "41.2"}, TubeCall::Invalid, "internal control failed"},
      {"daan-orf1ab-n", {"22", "23", "U"}, TubeCall::Positive, "detected"},  // a strong positive may suppress the IC
      {"daan-orf1ab-n", {"M", "26", "28"}, TubeCall::Invalid, "no reading for ORF1ab"},
      {"daan-orf1ab-n", {"U", "U", "M"}, TubeCall::Invalid, "no reading for IC"},
      {"ediagnosis-orf1ab-n", {"37.99", "37.5", "28"}, TubeCall::Positive, "detected"},
      {"ediagnosis-orf1ab-n", {"38", "38", "28"}, TubeCall::Retest, "grey zone"},  // < 38 positive
      {"ediagnosis-orf1ab-n", {"40", "U", "28"}, TubeCall::Retest, "grey zone"},
      {"ediagnosis-orf1ab-n", {"40.5", "U", "28"}, TubeCall::Negative, "no target detected"},
      {"ediagnosis-orf1ab-n", {"30", "39", "28"}, TubeCall::Retest, "single target with grey zone"},
      {"bgi-orf1ab-grey", {"37", "30"}, TubeCall::Positive, "detected"},
      {"bgi-orf1ab-grey", {"37.5", "30"}, TubeCall::Retest, "grey zone"},
      {"bgi-orf1ab-grey", {"U", "32.5"}, TubeCall::Invalid, "internal control failed"},  // IC valid at <= 32
      {"bgi-orf1ab-grey", {"U", "31.9"}, TubeCall::Negative, "no target detected"},
      {"bgi-orf1ab", {"39.9", "35"}, TubeCall::Positive, "detected"},
      {"biogerm-orf1ab-n", {"38.5", "38.5", "30"}, TubeCall::Negative, "no target detected"},
      {"liferiver-orf1ab-n-e", {"42.9", "43", "41", "30"}, TubeCall::Positive, "detected"},
      {"liferiver-orf1ab-n-e", {"30", "31", "U", "30"}, TubeCall::Retest, "single target"},
      {"sansure-orf1ab-n", {"33", "34", "29"}, TubeCall::Positive, "detected"},
  };
  for (const auto& r : rows) {
    const Kit kit = shippedKit(r.kit);
    std::string row = r.kit;
    for (const auto& c : r.cts) row += " " + c;
    INFO(row);
    const RunInterpretation result = interpretRun(tubeRun(kit, r.cts), kit, standardAssignments());
    REQUIRE(result.tubes.size() == 1);
    CHECK(result.plateValid);
    CHECK(result.tubes[0].call == r.expected);
    CHECK(result.tubes[0].result == r.expected);
    CHECK(result.tubes[0].reason.find(r.reason) != std::string::npos);
    CHECK(result.kitId == kit.id);
    CHECK(result.kitVersion == kit.version);
  }
}

TEST_CASE("results keep the raw Ct of every target", "[interpretation]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const RunInterpretation result = interpretRun(tubeRun(kit, {"31.25", "U", "28"}), kit, standardAssignments());
  const auto& targets = result.tubes[0].targets;
  REQUIRE(targets.size() == 3);
  CHECK(targets[0].target == "ORF1ab");
  CHECK(targets[0].ct.raw == "31.25");
  CHECK(targets[0].call == TargetCall::Detected);
  CHECK(targets[1].ct.state == CtValue::State::Undetermined);
  CHECK(targets[1].call == TargetCall::NotDetected);
  CHECK(targets[2].internalControl);
}

TEST_CASE("a failed or missing control makes the whole plate invalid (table)", "[interpretation]") {
  const Kit daan = shippedKit("daan-orf1ab-n");
  const Kit edx = shippedKit("ediagnosis-orf1ab-n");
  struct Row {
    const char* what;
    const Kit& kit;
    std::vector<std::string> pc;  // kit target order
    std::vector<std::string> nc;
    bool dropPositive;
    const char* problem;
  };
  const std::vector<Row> rows = {
      {"positive control lost a target", daan, {"28", "U", "30"}, {"U", "U", "U"}, false, "positive control failed: N undetermined"},
      {"positive control has no reading", daan, {"M", "M", "M"}, {"U", "U", "U"}, false, "positive control failed"},
      {"negative control amplified", daan, {"28", "28", "30"}, {"35", "U", "U"}, false, "negative control failed: ORF1ab 35"},
      {"negative control in the grey zone", edx, {"28", "28", "30"}, {"39", "U", "U"}, false, "negative control failed"},
      {"no positive control laid out", daan, {"28", "28", "30"}, {"U", "U", "U"}, true, "no positive control on the plate"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    RunData run;
    for (std::size_t i = 0; i < r.kit.targets.size(); ++i) {
      const auto& t = r.kit.targets[i];
      add(run, "A1", "T1", t.name, t.dye, t.role == TargetRole::InternalControl ? "28" : "25");  // a clear positive
      add(run, "B1", "T2", t.name, t.dye, t.role == TargetRole::InternalControl ? "28" : "U");   // a clear negative
      add(run, "H12", "PC", t.name, t.dye, r.pc[i]);
      add(run, "G12", "NC", t.name, t.dye, r.nc[i]);
    }
    std::vector<WellAssignment> a = {{WellPosition{0, 0}, SampleKind::Sample, "T1"},
                                     {WellPosition{1, 0}, SampleKind::Sample, "T2"},
                                     {WellPosition{6, 11}, SampleKind::NegativeControl, "NC"}};
    if (!r.dropPositive) a.push_back({WellPosition{7, 11}, SampleKind::PositiveControl, "PC"});
    const RunInterpretation result = interpretRun(run, r.kit, a);
    CHECK_FALSE(result.plateValid);
    REQUIRE_FALSE(result.plateProblems.empty());
    CHECK(result.plateProblems.front().find(r.problem) != std::string::npos);
    REQUIRE(result.tubes.size() == 2);
    CHECK(result.tubes[0].call == TubeCall::Positive);   // its own reading is kept for review
    CHECK(result.tubes[0].result == TubeCall::Invalid);  // but the plate is rerun
    CHECK(result.tubes[1].call == TubeCall::Negative);
    CHECK(result.tubes[1].result == TubeCall::Invalid);
    CHECK(result.tubes[1].reason.find("plate invalid") != std::string::npos);
  }
}

TEST_CASE("a positive control above its kit's maximum Ct fails", "[interpretation]") {
  const Kit kit = parseKit(R"({"format":"natlims-kit-v1","id":"k","version":"1","name":"K",
    "targets":[{"name":"ORF1ab","dye":"FAM"},{"name":"IC","dye":"CY5","role":"internal_control"}],
    "cutoffs":{"positive_max_ct":40},
    "controls":{"positive":{"name":"PC","max_ct":32,"wells_96":["H12"]},"negative":{"name":"NC","wells_96":["G12"]}}})", "k.json");
  RunData run = tubeRun(kit, {"U", "28"});
  for (auto& r : run.wells) {
    if (r.sample == "PC" && r.target == "ORF1ab") r.ct = CtValue::number(33.4, "33.4");
  }
  const RunInterpretation result = interpretRun(run, kit, standardAssignments());
  CHECK_FALSE(result.plateValid);
  CHECK(result.plateProblems.front().find("Ct <= 32") != std::string::npos);
}

TEST_CASE("targets match by name or alias first, then by dye family", "[interpretation]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  RunData run;
  // LightCycler 480 style: no target names, HEX for the kit's VIC.
  add(run, "A1", "T1", "", "FAM", "30.1");
  add(run, "A1", "T1", "", "HEX", "31.2");
  add(run, "A1", "T1", "内标", "Cy5", "28.0");
  add(run, "A1", "T1", "", "ROX", "22.0");  // no kit target reads on ROX
  add(run, "H12", "阳性对照", "ORF1ab", "FAM", "28");
  add(run, "H12", "阳性对照", "N", "VIC", "28");
  add(run, "H12", "阳性对照", "IC", "CY5", "28");
  add(run, "G12", "NTC", "ORF1ab", "FAM", "U");
  add(run, "G12", "NTC", "N gene", "VIC", "U");
  add(run, "G12", "NTC", "IC", "CY5", "U");
  std::vector<std::string> skipped;
  const auto assignments = assignmentsFromSampleNames(run, kit, &skipped);
  REQUIRE(assignments.size() == 3);
  CHECK(assignments[1].kind == SampleKind::PositiveControl);
  CHECK(assignments[2].kind == SampleKind::NegativeControl);
  const RunInterpretation result = interpretRun(run, kit, assignments);
  CHECK(result.plateValid);
  REQUIRE(result.tubes.size() == 1);
  CHECK(result.tubes[0].call == TubeCall::Positive);
  CHECK(result.tubes[0].targets[1].ct.value == Approx(31.2));
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0].find("ROX") != std::string::npos);
}

TEST_CASE("a target name the kit does not know, placed by its dye, is pointed out", "[interpretation]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  RunData run = tubeRun(kit, {"30", "31", "28"});
  for (auto& r : run.wells) {
    if (r.target == "ORF1ab") r.target = "RdRp";
  }
  const RunInterpretation result = interpretRun(run, kit, standardAssignments());
  CHECK(result.tubes[0].call == TubeCall::Positive);
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0] == "target 'RdRp' (FAM) is not a target name of kit daan-orf1ab-n: read as ORF1ab by its dye");
}

TEST_CASE("two readings for one target, or an omitted reading, leave the tube invalid", "[interpretation]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  RunData twice = tubeRun(kit, {"U", "U", "28"});
  add(twice, "A1", "T1", "ORF1ab", "FAM", "25");
  const auto r1 = interpretRun(twice, kit, standardAssignments());
  CHECK(r1.tubes[0].call == TubeCall::Invalid);
  CHECK(r1.tubes[0].reason.find("two readings for ORF1ab") != std::string::npos);
  RunData omitted = tubeRun(kit, {"25", "26", "28"});
  omitted.wells[0].omitted = true;
  const auto r2 = interpretRun(omitted, kit, standardAssignments());
  CHECK(r2.tubes[0].call == TubeCall::Invalid);
  CHECK(r2.tubes[0].targets[0].call == TargetCall::NoReading);
}

TEST_CASE("the 96-well Daan fixture run interpreted against its plate layout", "[interpretation][fixture]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const RunData run = readOk(fixtureFile("abi7500_daan_96.txt"));
  const LayoutOutcome layout = layoutPlate(fixtureTubes(), kit, 96);
  REQUIRE(layout.ok());
  const RunInterpretation result = interpretRun(run, kit, layout.plate->assignments());
  CHECK(result.plateValid);
  CHECK(result.warnings.empty());
  REQUIRE(result.tubes.size() == 94);
  REQUIRE(result.controls.size() == 2);
  std::map<std::string, TubeCall> byWell;
  std::map<TubeCall, int> counts;
  for (const auto& t : result.tubes) {
    byWell[t.well] = t.result;
    ++counts[t.result];
  }
  CHECK(byWell["A1"] == TubeCall::Positive);
  CHECK(byWell["B1"] == TubeCall::Retest);
  CHECK(byWell["C1"] == TubeCall::Invalid);
  CHECK(byWell["D1"] == TubeCall::Positive);
  CHECK(byWell["E1"] == TubeCall::Retest);
  CHECK(byWell["F1"] == TubeCall::Retest);
  CHECK(byWell["G1"] == TubeCall::Negative);
  CHECK(byWell["H1"] == TubeCall::Negative);
  CHECK(counts[TubeCall::Positive] == 2);
  CHECK(counts[TubeCall::Retest] == 3);
  CHECK(counts[TubeCall::Invalid] == 1);
  CHECK(counts[TubeCall::Negative] == 88);
}

TEST_CASE("result names are the contract's words", "[interpretation]") {
  CHECK(tubeCallName(TubeCall::Negative) == "negative");
  CHECK(tubeCallName(TubeCall::Positive) == "positive");
  CHECK(tubeCallName(TubeCall::Retest) == "retest");
  CHECK(tubeCallName(TubeCall::Invalid) == "invalid");
  CHECK(sampleKindName(SampleKind::PositiveControl) == "positive_control");
  CHECK(sampleKindName(SampleKind::NegativeControl) == "negative_control");
  CHECK(targetCallName(TargetCall::GreyZone) == "grey_zone");
}
