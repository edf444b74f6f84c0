#include <catch2/catch.hpp>

#include "TestSupport.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

TEST_CASE("LightCycler 480: one file per channel, accepted together as one run", "[lc480]") {
  const std::vector<InputFile> files = {fixtureFile("lc480_fam.txt"), fixtureFile("lc480_hex.txt"), fixtureFile("lc480_cy5.txt")};
  const ReadOutcome outcome = readRun(files);
  INFO(outcome.error.message);
  REQUIRE(outcome.ok());
  const RunData& run = *outcome.run;
  CHECK(run.format == "lightcycler480");
  CHECK(run.runId == "natlims plate P0002");
  CHECK(run.sources == std::vector<std::string>{"lc480_fam.txt", "lc480_hex.txt", "lc480_cy5.txt"});
  REQUIRE(run.wells.size() == 12);
  CHECK(reading(run, "A1", "FAM").ct.value == Approx(24.52));
  CHECK(reading(run, "A1", "FAM").channel == "465-510");
  CHECK(reading(run, "A1", "HEX").ct.value == Approx(25.90));
  CHECK(reading(run, "A1", "CY5").ct.value == Approx(27.11));
  CHECK(reading(run, "A1", "CY5").sourceFile == 2);
  CHECK(reading(run, "G12", "FAM").ct.state == CtValue::State::Undetermined);  // empty Cp
  CHECK(reading(run, "H12", "HEX").sample == "PC");
}

TEST_CASE("LightCycler 480 files that do not form one run are refused together", "[lc480]") {
  SECTION("the same channel twice") {
    const std::vector<InputFile> files = {fixtureFile("lc480_fam.txt"), InputFile{"again.txt", fixture("lc480_fam.txt")}};
    const ReadOutcome o = readRun(files);
    REQUIRE_FALSE(o.ok());
    CHECK(o.error.kind == ReadErrorKind::Inconsistent);
    CHECK(o.error.message.find("also in lc480_fam.txt") != std::string::npos);
  }
  SECTION("another experiment") {
    std::string other = fixture("lc480_hex.txt");
    other.replace(other.find("P0002"), 5, "P0099");
    const std::vector<InputFile> files = {fixtureFile("lc480_fam.txt"), InputFile{"other.txt", other}};
    const ReadOutcome o = readRun(files);
    REQUIRE_FALSE(o.ok());
    CHECK(o.error.kind == ReadErrorKind::Inconsistent);
    CHECK(o.error.message.find("P0099") != std::string::npos);
  }
  SECTION("one well with two sample names") {
    std::string other = fixture("lc480_hex.txt");
    other.replace(other.find("\tPC\t"), 4, "\tXX\t");
    const std::vector<InputFile> files = {fixtureFile("lc480_fam.txt"), InputFile{"other.txt", other}};
    const ReadOutcome o = readRun(files);
    REQUIRE_FALSE(o.ok());
    CHECK(o.error.message.find("holds 'XX'") != std::string::npos);
  }
  SECTION("a file of another instrument") {
    const std::vector<InputFile> files = {fixtureFile("lc480_fam.txt"), fixtureFile("cfx_maestro.csv")};
    const ReadOutcome o = readRun(files);
    REQUIRE_FALSE(o.ok());
    CHECK(o.error.kind == ReadErrorKind::Inconsistent);
  }
}

TEST_CASE("LightCycler 480 export in Latin-1 with decimal commas and an excluded well", "[lc480][encoding]") {
  const RunData run = readOk(fixtureFile("lc480_latin1.txt"));
  CHECK(run.runId == "Prüfung Kühlkette");
  CHECK(reading(run, "A1", "FAM").sample == "Rückstellprobe");
  CHECK(reading(run, "A1", "FAM").ct.value == Approx(22.78));
  CHECK(reading(run, "A2", "FAM").omitted);
  bool latin = false;
  for (const auto& [k, v] : run.metadata) latin = latin || (k == "Encoding" && v == "latin-1");
  CHECK(latin);
}

TEST_CASE("LightCycler 480 CR-only export (old Mac-era software)", "[lc480]") {
  const RunData run = readOk(fixtureFile("lc480_cy5.txt"));
  CHECK(run.wells.size() == 4);
  CHECK(reading(run, "H12", "CY5").ct.value == Approx(30.02));
  CHECK(reading(run, "H12", "CY5").line == 6);
}

TEST_CASE("the channel files of one LightCycler 480 run in one zip are read as one run", "[lc480][zip]") {
  const std::string zip = storedZip({{"export/", ""},
                                     {"export/lc480_fam.txt", fixture("lc480_fam.txt")},
                                     {"export/lc480_hex.txt", fixture("lc480_hex.txt")},
                                     {"export/lc480_cy5.txt", fixture("lc480_cy5.txt")}});
  const RunData run = readOk(InputFile{"plate-P0002.zip", zip});
  CHECK(run.format == "lightcycler480");
  CHECK(run.wells.size() == 12);
  CHECK(run.sources == std::vector<std::string>{"plate-P0002.zip!export/lc480_fam.txt", "plate-P0002.zip!export/lc480_hex.txt", "plate-P0002.zip!export/lc480_cy5.txt"});
  CHECK(reading(run, "A1", "CY5").ct.value == Approx(27.11));
  const std::string clash = storedZip({{"a.txt", fixture("lc480_fam.txt")}, {"b.txt", fixture("lc480_fam.txt")}});
  const ReadError e = readFails(InputFile{"clash.zip", clash});
  CHECK(e.kind == ReadErrorKind::Inconsistent);
}
