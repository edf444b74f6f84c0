#include <catch2/catch.hpp>

#include "TestSupport.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

TEST_CASE("ABI 7500 text export: Cyrillic Ct header, Undetermined, CRLF, 96 wells x 3 targets", "[abi]") {
  const RunData run = readOk(fixtureFile("abi7500_daan_96.txt"));
  const auto tubes = fixtureTubes();
  CHECK(run.format == "abi-text");
  CHECK(run.instrument == "sds7500fast");
  REQUIRE(run.plate);
  CHECK(run.plate->wells() == 96);
  CHECK(run.wells.size() == 96 * 3);
  const auto& a1 = reading(run, "A1", "ORF1ab");
  CHECK(a1.sample == tubes[0]);
  CHECK(a1.dye == "FAM");
  CHECK(a1.ct.state == CtValue::State::Value);
  CHECK(a1.ct.value == Approx(24.518));
  CHECK(a1.ct.raw == "24.518");
  CHECK(a1.line == 301);
  CHECK(reading(run, "A1", "N").ct.value == Approx(25.903));
  const auto& c1 = reading(run, "C1", "IC");
  CHECK(c1.ct.state == CtValue::State::Undetermined);
  CHECK(c1.ct.raw == "Undetermined");
  CHECK(reading(run, "H12", "ORF1ab").sample == "PC");
  CHECK(reading(run, "G12", "N").task == "NTC");
  REQUIRE_FALSE(run.warnings.empty());
  CHECK(run.warnings.front().find("Cт") != std::string::npos);
}

TEST_CASE("QuantStudio text: Well number and Well Position, repeated column names, Omit, trailing metadata", "[abi]") {
  const RunData run = readOk(fixtureFile("quantstudio_small.txt"));
  CHECK(run.instrument == "QuantStudio(TM) 5 System");
  CHECK(run.runId == "natlims QS test");
  REQUIRE(run.wells.size() == 12);
  // "Target Name" and "Task" appear again at the end of the header: the first ones count.
  CHECK(reading(run, "A1", "ORF1ab").target == "ORF1ab");
  CHECK(reading(run, "A1", "ORF1ab").task == "UNKNOWN");
  CHECK(reading(run, "B1", "N").ct.value == Approx(29.0));
  CHECK(reading(run, "A2", "IC").omitted);
  CHECK_FALSE(reading(run, "A2", "N").omitted);
  bool analysisType = false;
  bool calibration = false;
  for (const auto& [k, v] : run.metadata) {
    analysisType = analysisType || (k == "Analysis Type" && v == "Singleplex");
    calibration = calibration || (k == "Calibration Background is expired" && v == "No");
  }
  CHECK(analysisType);
  CHECK(calibration);
}

TEST_CASE("the same QuantStudio export in UTF-8 with BOM and in UTF-16LE with BOM reads the same", "[abi][encoding]") {
  const RunData plain = readOk(fixtureFile("quantstudio_small.txt"));
  for (const char* name : {"quantstudio_utf8_bom.txt", "quantstudio_utf16le_bom.txt"}) {
    INFO(name);
    const RunData other = readOk(fixtureFile(name));
    REQUIRE(other.wells.size() == plain.wells.size());
    for (std::size_t i = 0; i < plain.wells.size(); ++i) {
      CHECK(other.wells[i].position == plain.wells[i].position);
      CHECK(other.wells[i].sample == plain.wells[i].sample);
      CHECK(other.wells[i].ct == plain.wells[i].ct);
    }
  }
}

TEST_CASE("QuantStudio CSV: key/value preamble with quoted commas and a UTF-8 trade mark", "[abi]") {
  const RunData run = readOk(fixtureFile("quantstudio_small.csv"));
  CHECK(run.format == "abi-table");
  CHECK(run.instrument == "QuantStudio™ 3 System");
  CHECK(run.wells.size() == 12);
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(31.25));
  CHECK(reading(run, "B2", "IC").ct.state == CtValue::State::Undetermined);
  bool stage = false;
  for (const auto& [k, v] : run.metadata) stage = stage || (k == "Stage/ Cycle where Ct Analysis is performed" && v == "Stage2, Step2");
  CHECK(stage);
}

TEST_CASE("SDS 2.x results with CR-only line endings: Pos as the well, Detector as the target", "[abi]") {
  const RunData run = readOk(fixtureFile("sds23_cr_only.txt"));
  REQUIRE(run.wells.size() == 3);
  CHECK(run.instrument == "SDS 2.3 RQ Results");
  CHECK(run.runId == "natlims sds test.sdm");
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(33.125));
  CHECK(reading(run, "A1", "N").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "A2", "ORF1ab").line == 8);
}

TEST_CASE("a Well number that disagrees with the Well Position is reported, the position used", "[abi]") {
  const std::string text =
      "* Block Type = 96-Well Block (0.2mL)\n\n[Results]\nWell\tWell Position\tSample Name\tTarget Name\tReporter\tCT\n"
      "1\tA1\tS1\tORF1ab\tFAM\t30.1\n"
      "5\tB1\tS2\tORF1ab\tFAM\t31.2\n";
  const RunData run = readOk(InputFile{"x.txt", text});
  CHECK(reading(run, "B1", "ORF1ab").sample == "S2");
  REQUIRE(run.warnings.size() == 1);
  CHECK(run.warnings[0].find("Well 5 is A5") != std::string::npos);
}

TEST_CASE("ABI genotyping results give one reading per allele probe", "[abi]") {
  const std::string text =
      "* Block Type = 96-Well Block (0.2mL)\n\n[Results]\n"
      "Well\tWell Position\tSample Name\tSNP Assay Name\tTask\tAllele1 Ct\tAllele2 Ct\tCall\n"
      "1\tA1\tNTC\tCYP\tNTC\tUndetermined\tUndetermined\tNegative Control (NC)\n"
      "2\tA2\tS\tCYP\tUNKNOWN\t27.546\t29.013\tHeterozygous\n";
  const RunData run = readOk(InputFile{"g.txt", text});
  REQUIRE(run.wells.size() == 4);
  CHECK(reading(run, "A2", "CYP Allele 1").ct.value == Approx(27.546));
  CHECK(reading(run, "A2", "CYP Allele 2").ct.value == Approx(29.013));
  CHECK(reading(run, "A1", "CYP Allele 2").ct.state == CtValue::State::Undetermined);
}

TEST_CASE("an ABI export without [Results] (a plate setup) is not taken for results", "[abi]") {
  const std::string text = "* Block Type = 96fast\n\n[Sample Setup]\nWell\tSample Name\tTarget Name\nA1\tT1\tORF1ab\n";
  const ReadError e = readFails(InputFile{"setup.txt", text});
  CHECK(e.kind == ReadErrorKind::NoResults);
  CHECK(e.message.find("[Sample Setup]") != std::string::npos);
  CHECK(e.message.rfind("setup.txt: ", 0) == 0);
}

TEST_CASE("ABI rows with a Ct that is not a number or a well that is not a well name the line", "[abi]") {
  const std::string head = "* Block Type = 96fast\n\n[Results]\nWell\tSample Name\tTarget Name\tReporter\tCт\n";
  const ReadError badCt = readFails(InputFile{"a.txt", head + "A1\tT1\tORF1ab\tFAM\t31.x\n"});
  CHECK(badCt.kind == ReadErrorKind::Malformed);
  CHECK(badCt.message.find("line 5") != std::string::npos);
  CHECK(badCt.message.find("'31.x'") != std::string::npos);
  const ReadError badWell = readFails(InputFile{"b.txt", head + "Z9\tT1\tORF1ab\tFAM\t31.0\n"});
  CHECK(badWell.kind == ReadErrorKind::Malformed);
  CHECK(badWell.message.find("'Z9'") != std::string::npos);
  const ReadError outside = readFails(InputFile{"c.txt", head + "P24\tT1\tORF1ab\tFAM\t31.0\n"});
  CHECK(outside.message.find("outside the 96-well block") != std::string::npos);
}
