#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "TestSupport.h"
#include "natlims/instruments/KitRegistry.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

namespace {

const std::string kKitsDir = std::string(NATLIMS_SOURCE_DIR) + "/config/kits";

std::string validKitJson() {
  return R"({"format":"natlims-kit-v1","id":"test-kit","version":"3","name":"Test",
    "targets":[{"name":"ORF1ab","dye":"FAM"},{"name":"N","dye":"VIC"},{"name":"IC","dye":"CY5","role":"internal_control"}],
    "cutoffs":{"positive_max_ct":40},
    "controls":{"positive":{"name":"PC","wells_96":["H12"]},"negative":{"name":"NC","wells_96":["G12"]}}})";
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("every kit of the brief ships in config/kits and loads", "[kits]") {
  const KitRegistry registry = KitRegistry::loadDirectory(kKitsDir);
  for (const char* id : {"daan-orf1ab-n", "sansure-orf1ab-n", "bgi-orf1ab", "bgi-orf1ab-grey", "biogerm-orf1ab-n",
                         "liferiver-orf1ab-n-e", "ediagnosis-orf1ab-n"}) {
    INFO(id);
    const Kit* kit = registry.find(id);
    REQUIRE(kit != nullptr);
    CHECK_FALSE(kit->version.empty());
    CHECK(kit->resultLoinc == "94500-6");
    CHECK(kit->internalControl() != nullptr);
    CHECK(kit->controlWells(PlateFormat{8, 12}, true).size() == 1);
    CHECK(kit->controlWells(PlateFormat{16, 24}, false).size() == 1);
  }
  CHECK(registry.find(KitRegistry::kDefaultKitId) != nullptr);
  CHECK(registry.find("no-such-kit") == nullptr);
}

TEST_CASE("the default kit: ORF1ab FAM, N VIC, IC CY5, positive at Ct <= 40", "[kits]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  REQUIRE(kit.targets.size() == 3);
  CHECK(kit.targets[0].name == "ORF1ab");
  CHECK(kit.targets[0].dye == "FAM");
  CHECK(kit.targets[1].name == "N");
  CHECK(kit.targets[1].dye == "VIC");
  CHECK(kit.targets[2].name == "IC");
  CHECK(kit.targets[2].dye == "CY5");
  CHECK(kit.targets[2].role == TargetRole::InternalControl);
  CHECK(kit.positiveMaxCt == 40.0);
  CHECK(kit.positiveInclusive);
  CHECK_FALSE(kit.greyMaxCt);
  CHECK(kit.targets[0].loincCt == "94644-2");
}

TEST_CASE("kit cut-offs follow the leaflets of the brief", "[kits]") {
  struct Row {
    const char* id;
    double positive;
    bool inclusive;
    double grey;  // 0: none
    double ic;
    std::size_t pathogens;
  };
  const Row rows[] = {
      {"sansure-orf1ab-n", 40, true, 0, 40, 2},     {"bgi-orf1ab", 40, true, 0, 40, 1},
      {"bgi-orf1ab-grey", 37, true, 40, 32, 1},     {"biogerm-orf1ab-n", 38, true, 0, 38, 2},
      {"liferiver-orf1ab-n-e", 43, true, 0, 43, 3}, {"ediagnosis-orf1ab-n", 38, false, 40, 40, 2},
  };
  for (const auto& r : rows) {
    INFO(r.id);
    const Kit kit = shippedKit(r.id);
    CHECK(kit.positiveMaxCt == r.positive);
    CHECK(kit.positiveInclusive == r.inclusive);
    CHECK(kit.greyMaxCt.value_or(0) == r.grey);
    CHECK(kit.internalControlMaxCt.value_or(kit.positiveMaxCt) == r.ic);
    CHECK(kit.pathogenTargets().size() == r.pathogens);
  }
}

TEST_CASE("kit files with faults are refused naming the field", "[kits]") {
  struct Row {
    std::string json;
    const char* expected;
  };
  const std::string ok = validKitJson();
  const std::vector<Row> rows = {
      {replaced(ok, R"("version":"3",)", ""), "t.json: version: missing"},
      {replaced(ok, R"({"name":"N","dye":"VIC"})", R"({"name":"N"})"), "targets[1].dye: missing"},
      {replaced(ok, R"("dye":"VIC")", R"("dye":"HEX")") , ""},
      {replaced(ok, R"("dye":"VIC")", R"("dye":"fam")"), "targets[1].dye: 'fam' reads on the same channel"},
      {replaced(ok, R"("name":"N")", R"("name":"orf1ab")"), "targets[1].name: 'orf1ab' appears twice"},
      {replaced(ok, R"("cutoffs":{"positive_max_ct":40})", R"("cutoffs":{"positive_max_ct":40,"grey_max_ct":35})"), "cutoffs.grey_max_ct: must not be below"},
      {replaced(ok, R"("cutoffs":{"positive_max_ct":40})", R"("cutoffs":{"positive_max_ct":"40"})"), "cutoffs.positive_max_ct: must be a number"},
      {replaced(ok, R"("wells_96":["H12"])", R"("wells_96":["Q1"])"), "controls.positive.wells_96[0]: 'Q1' is not a well"},
      {replaced(ok, R"("wells_96":["G12"])", R"("wells_96":["H12"])"), "well H12 holds two controls"},
      {replaced(ok, R"("name":"Test",)", R"("name":"Test","colour":"red",)"), "t.json: colour: unknown field"},
      {replaced(ok, R"("role":"internal_control")", R"("role":"ic")"), "targets[2].role: must be"},
      {replaced(ok, R"("format":"natlims-kit-v1")", R"("format":"v0")"), "format: must be"},
      {R"({"format":"natlims-kit-v1",)", "not valid JSON"},
  };
  for (const auto& r : rows) {
    INFO(r.json);
    if (std::string(r.expected).empty()) {
      CHECK_NOTHROW(parseKit(r.json, "t.json"));
      continue;
    }
    try {
      parseKit(r.json, "t.json");
      FAIL("accepted");
    } catch (const KitError& e) {
      CHECK(std::string(e.what()).find(r.expected) != std::string::npos);
    }
  }
}

TEST_CASE("a kit file's id must match its file name, and a directory with a bad kit is refused whole", "[kits]") {
  const auto dir = std::filesystem::temp_directory_path() / "natlims-kits-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "other-name.json") << validKitJson();
  }
  CHECK_THROWS_WITH(loadKitFile((dir / "other-name.json").string()), Catch::Contains("differs from the file name"));
  CHECK_THROWS_AS(KitRegistry::loadDirectory(dir.string()), KitError);
  std::filesystem::remove(dir / "other-name.json");
  {
    std::ofstream(dir / "test-kit.json") << validKitJson();
  }
  const KitRegistry registry = KitRegistry::loadDirectory(dir.string());
  CHECK(registry.kits().size() == 1);
  std::filesystem::remove_all(dir);
  CHECK_THROWS_AS(KitRegistry::loadDirectory(dir.string()), KitError);
}

TEST_CASE("dye families group the dyes one channel reads", "[kits]") {
  CHECK(dyeFamily("HEX") == "VIC");
  CHECK(dyeFamily("vic") == "VIC");
  CHECK(dyeFamily("Texas Red") == "ROX");
  CHECK(dyeFamily("Cy5") == "CY5");
  CHECK(dyeFamily("SYBR Green I") == "FAM");
  CHECK(dyeFamily("Quasar 670") == "CY5");
  CHECK(dyeFamily("NED") == "NED");
}

TEST_CASE("kit targets match by name, alias, LOINC code, then dye family (table)", "[kits]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  struct Row {
    const char* target;
    const char* dye;
    const char* expected;  // "" when nothing matches
  };
  const Row rows[] = {
      {"ORF1ab", "", "ORF1ab"},   {"orf-1ab", "", "ORF1ab"},  {"ORF1a/b", "ROX", "ORF1ab"}, {"N gene", "", "N"},
      {"94510-5", "", "N"},       {"94559-2", "", "ORF1ab"},  {"内标", "", "IC"},           {"", "HEX", "N"},
      {"Target 3", "Cy5", "IC"},  {"", "FAM", "ORF1ab"},      {"E", "", ""},               {"", "ROX", ""},
  };
  for (const auto& r : rows) {
    INFO(r.target << " / " << r.dye);
    const KitTarget* t = kit.matchTarget(r.target, r.dye);
    if (std::string(r.expected).empty()) {
      CHECK(t == nullptr);
    } else {
      REQUIRE(t != nullptr);
      CHECK(t->name == r.expected);
    }
  }
}
