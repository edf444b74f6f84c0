#include <catch2/catch.hpp>

#include "TestSupport.h"
#include "natlims/instruments/PlateCheck.h"
#include "natlims/instruments/PlateLayout.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

namespace {

std::string swapNames(std::string text, const std::string& a, const std::string& b) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t ia = text.find(a, pos);
    const std::size_t ib = text.find(b, pos);
    const std::size_t next = std::min(ia, ib);
    if (next == std::string::npos) break;
    out += text.substr(pos, next - pos);
    out += next == ia ? b : a;
    pos = next + (next == ia ? a.size() : b.size());
  }
  return out + text.substr(pos);
}

PlateLayout fixturePlate(const Kit& kit) {
  LayoutOutcome layout = layoutPlate(fixtureTubes(), kit, 96);
  REQUIRE(layout.ok());
  layout.plate->plateId = "P0001";
  return *layout.plate;
}

bool has(const PlateCheck& check, PlateProblemKind kind, const std::string& well, const std::string& text) {
  for (const auto& p : check.problems) {
    if (p.kind == kind && p.well == well && p.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("94 tubes on a 96-well plate: column-wise, controls from the kit", "[plates]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const auto tubes = fixtureTubes();
  const LayoutOutcome out = layoutPlate(tubes, kit, 96);
  REQUIRE(out.ok());
  const PlateLayout& plate = *out.plate;
  CHECK(plate.kitId == "daan-orf1ab-n");
  CHECK(plate.kitVersion == kit.version);
  CHECK(plate.wells.size() == 96);
  CHECK(plate.at(WellPosition{0, 0})->name == tubes[0]);
  CHECK(plate.at(WellPosition{1, 0})->name == tubes[1]);   // B1: column-wise
  CHECK(plate.at(WellPosition{0, 1})->name == tubes[8]);   // A2
  CHECK(plate.at(WellPosition{6, 11})->kind == SampleKind::NegativeControl);
  CHECK(plate.at(WellPosition{6, 11})->name == "NC");
  CHECK(plate.at(WellPosition{7, 11})->kind == SampleKind::PositiveControl);
  CHECK(plate.at(WellPosition{5, 11})->name == tubes[93]);  // F12: the last tube
  CHECK(plate.find(tubes[40]) != nullptr);
}

TEST_CASE("a 384-well plate and row-wise filling", "[plates]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const auto tubes = fixtureTubes();
  LayoutOptions rowWise;
  rowWise.order = FillOrder::RowWise;
  const LayoutOutcome out = layoutPlate(tubes, kit, 384, rowWise);
  REQUIRE(out.ok());
  CHECK(out.plate->format.wells() == 384);
  CHECK(out.plate->wells.size() == 96);
  CHECK(out.plate->at(WellPosition{0, 1})->name == tubes[1]);  // A2
  CHECK(out.plate->at(WellPosition{15, 23})->kind == SampleKind::PositiveControl);
  CHECK(out.plate->at(WellPosition{14, 23})->kind == SampleKind::NegativeControl);
}

TEST_CASE("layout refusals name the field at fault (table)", "[plates]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  auto tubes = fixtureTubes();
  std::vector<std::string> tooMany = tubes;
  tooMany.push_back("T0000022H8");
  std::vector<std::string> duplicate = {tubes[0], tubes[1], tubes[0]};
  std::vector<std::string> badCode = {tubes[0], "T00000118V"};
  struct Row {
    const char* what;
    std::vector<std::string> tubes;
    int wells;
    const char* field;
    const char* says;
  };
  const std::vector<Row> rows = {
      {"48 wells", {tubes[0]}, 48, "wells", "96 or 384"},
      {"no tubes", {}, 96, "tubes", "no tubes"},
      {"95 tubes", tooMany, 96, "tubes", "95 tubes do not fit: a 96-well plate with 2 control wells holds 94"},
      {"a tube twice", duplicate, 96, "tubes[2]", "appears twice"},
      {"a wrong check character", badCode, 96, "tubes[1]", "is not a tube code"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    const LayoutOutcome out = layoutPlate(r.tubes, kit, r.wells);
    REQUIRE_FALSE(out.ok());
    CHECK(out.field == r.field);
    CHECK(out.message.find(r.says) != std::string::npos);
  }
  LayoutOptions free;
  free.requireTubeCodes = false;
  CHECK(layoutPlate({"sample 1", "sample 2"}, kit, 96, free).ok());
  CHECK(layoutPlate({"PC"}, kit, 96, free).field == "tubes[0]");
}

TEST_CASE("the fixture run matches its plate: no problems", "[plates][check]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const PlateLayout plate = fixturePlate(kit);
  CheckOptions options;
  options.kit = &kit;
  const PlateCheck check = checkRun(plate, readOk(fixtureFile("abi7500_daan_96.txt")), {}, options);
  for (const auto& p : check.problems) INFO(p.message);
  CHECK(check.ok());
}

TEST_CASE("swapped tubes are reported at both wells, never silently reassigned", "[plates][check]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const PlateLayout plate = fixturePlate(kit);
  const auto tubes = fixtureTubes();
  const std::string text = swapNames(fixture("abi7500_daan_96.txt"), tubes[0], tubes[1]);
  const PlateCheck check = checkRun(plate, readOk(InputFile{"swapped.txt", text}));
  CHECK(check.problems.size() == 2);
  CHECK(has(check, PlateProblemKind::WrongWell, "A1", "laid out at B1"));
  CHECK(has(check, PlateProblemKind::WrongWell, "B1", "laid out at A1"));
}

TEST_CASE("a run of another plate: unknown samples and tubes of another plate", "[plates][check]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const PlateLayout plate = fixturePlate(kit);
  const auto tubes = fixtureTubes();
  std::string text = fixture("abi7500_daan_96.txt");
  for (const auto& [from, to] : {std::pair<std::string, std::string>{tubes[2], "T0000022H8"}, {tubes[3], "STRANGER"}}) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) text.replace(at, from.size(), to);
  }
  const TubePlateLookup lookup = [](const std::string& tube) -> std::optional<std::string> {
    if (tube == "T0000022H8") return std::string("P0042");
    return std::nullopt;
  };
  const PlateCheck check = checkRun(plate, readOk(InputFile{"other.txt", text}), lookup);
  CHECK(has(check, PlateProblemKind::TubeOfAnotherPlate, "C1", "belongs to plate P0042"));
  CHECK(has(check, PlateProblemKind::UnknownSample, "D1", "should hold '" + tubes[3] + "' but the run has 'STRANGER'"));
  CHECK(check.problems.size() == 2);
}

TEST_CASE("run problems the check must list (table)", "[plates][check]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const PlateLayout plate = fixturePlate(kit);
  const auto tubes = fixtureTubes();
  const RunData base = readOk(fixtureFile("abi7500_daan_96.txt"));
  struct Row {
    const char* what;
    std::function<void(RunData&)> change;
    PlateProblemKind kind;
    const char* well;
    const char* says;
  };
  const std::vector<Row> rows = {
      {"a well read twice for one target", [&](RunData& r) { r.wells.push_back(r.wells[0]); },
       PlateProblemKind::DuplicateWell, "A1", "two readings for ORF1ab"},
      {"one well with two sample names", [&](RunData& r) { r.wells[1].sample = "SOMEONE"; },
       PlateProblemKind::DuplicateWell, "A1", "two sample names"},
      {"a reading outside the plate", [&](RunData& r) { WellReading w = r.wells[0]; w.position = WellPosition{15, 23}; r.wells.push_back(w); },
       PlateProblemKind::WellNotOnPlate, "P24", "outside plate P0001"},
      {"a 384-well run for a 96-well plate", [&](RunData& r) { r.plate = PlateFormat{16, 24}; },
       PlateProblemKind::PlateSizeMismatch, "", "384-well run"},
      {"the positive control read without its name", [&](RunData& r) {
         WellReading w = r.wells[0]; w.sample.clear(); w.position = *parseWellLabel("H12"); r.wells.push_back(w);
         r.wells.erase(std::remove_if(r.wells.begin(), r.wells.end(), [](const WellReading& x) { return x.sample == "PC"; }), r.wells.end());
       }, PlateProblemKind::NoSampleName, "H12", "should hold 'PC'"},
      {"a laid-out tube without results", [&](RunData& r) {
         r.wells.erase(std::remove_if(r.wells.begin(), r.wells.end(), [&](const WellReading& x) { return x.sample == tubes[5]; }), r.wells.end());
       }, PlateProblemKind::MissingResult, "F1", "has no result in the run"},
      {"a readings without sample names", [&](RunData& r) { for (auto& w : r.wells) if (w.sample == tubes[6]) w.sample.clear(); },
       PlateProblemKind::NoSampleName, "G1", "gives no sample name"},
      {"a missing target", [&](RunData& r) {
         r.wells.erase(std::remove_if(r.wells.begin(), r.wells.end(), [&](const WellReading& x) { return x.sample == tubes[7] && x.target == "IC"; }), r.wells.end());
       }, PlateProblemKind::MissingResult, "H1", "has no IC (CY5) reading"},
  };
  CheckOptions options;
  options.kit = &kit;
  for (const auto& r : rows) {
    INFO(r.what);
    RunData run = base;
    r.change(run);
    const PlateCheck check = checkRun(plate, run, {}, options);
    for (const auto& p : check.problems) UNSCOPED_INFO(p.message);
    CHECK(has(check, r.kind, r.well, r.says));
  }
}

TEST_CASE("empty wells the instrument exports without a name or amplification are listed, not problems", "[plates][check]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  LayoutOutcome layout = layoutPlate({fixtureTubes()[0]}, kit, 96);
  REQUIRE(layout.ok());
  RunData run;
  auto add = [&](const std::string& well, const std::string& sample, const std::string& target, CtValue ct) {
    WellReading r;
    r.position = *parseWellLabel(well);
    r.sample = sample;
    r.target = target;
    r.ct = ct;
    run.wells.push_back(r);
  };
  add("A1", fixtureTubes()[0], "ORF1ab", CtValue::undetermined("U"));
  add("H12", "PC", "ORF1ab", CtValue::number(28, "28"));
  add("G12", "NC", "ORF1ab", CtValue::undetermined("U"));
  add("B1", "", "ORF1ab", CtValue::undetermined(""));
  add("C1", "", "ORF1ab", CtValue::number(31.5, "31.5"));
  const PlateCheck check = checkRun(*layout.plate, run);
  CHECK(check.ignoredWells == std::vector<std::string>{"B1"});
  REQUIRE(check.problems.size() == 1);
  CHECK(check.problems[0].kind == PlateProblemKind::WellNotOnPlate);
  CHECK(check.problems[0].message.find("shows amplification (ORF1ab 31.5)") != std::string::npos);
  CheckOptions lenient;
  lenient.acceptUnnamedWells = true;
  RunData unnamed = run;
  unnamed.wells[0].sample.clear();
  CHECK(checkRun(*layout.plate, unnamed, {}, lenient).problems.size() == 1);
  CHECK(plateProblemCode(PlateProblemKind::WrongWell) == "wrong_well");
}
