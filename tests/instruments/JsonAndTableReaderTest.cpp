#include <catch2/catch.hpp>

#include "TestSupport.h"
#include "natlims/instruments/Interpretation.h"
#include "natlims/instruments/PlateCheck.h"
#include "natlims/instruments/PlateLayout.h"
#include "natlims/instruments/ResultsJson.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

TEST_CASE("natlims-results-v1: ct number or null (no amplification)", "[json]") {
  const RunData run = readOk(fixtureFile("results_v1.json"));
  CHECK(run.format == "natlims-results-v1");
  CHECK(run.instrument == "GeneXpert-1");
  CHECK(run.runId == "RUN-42");
  REQUIRE(run.wells.size() == 3);
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(31.2));
  CHECK(reading(run, "A1", "N").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "B1", "ORF1ab").ct.value == Approx(27.0));
}

TEST_CASE("natlims-results-v1 faults name the field", "[json]") {
  struct Row {
    const char* json;
    const char* expected;
  };
  const Row rows[] = {
      {R"({"format":"natlims-results-v1","instrument":"X","run_id":"R","wells":[{"well":"A1","sample":"S","target":"N"}]})", "wells[0].ct: missing"},
      {R"({"format":"natlims-results-v1","instrument":"X","run_id":"R","wells":[{"well":"A1","sample":"S","target":"N","ct":"31"}]})", "wells[0].ct: must be a number or null"},
      {R"({"format":"natlims-results-v1","instrument":"X","run_id":"R","wells":[{"well":"Z1","sample":"S","target":"N","ct":1}]})", "wells[0].well: 'Z1' is not a well"},
      {R"({"format":"natlims-results-v1","instrument":"X","run_id":"R","wells":[{"well":"A1","sample":"S","target":"N","ct":-2}]})", "wells[0].ct: must be a number >= 0"},
      {R"({"format":"natlims-results-v1","instrument":"X","run_id":"R","wells":[{"well":"A1","sample":"S","ct":2}]})", "wells[0]: needs a target or a dye"},
      {R"({"format":"natlims-results-v1","instrument":"X","run_id":"R","wells":[{"sample":"","target":"N","ct":2}]})", "wells[0]: a reading without a well needs a sample name"},
      {R"({"format":"natlims-results-v1","instrument":"X","run_id":"R","wells":[{"well":7,"sample":"S","target":"N","ct":2}]})", "wells[0].well: must be a string"},
      {R"({"format":"natlims-results-v1","instrument":"","run_id":"R","wells":[]})", "instrument: must not be empty"},
      {R"({"format":"natlims-results-v1","instrument":"X","wells":[]})", "run_id: missing"},
      {R"({"format":"something-else","wells":[]})", "is not \"natlims-results-v1\""},
  };
  for (const auto& r : rows) {
    INFO(r.json);
    const ReadError e = readFails(InputFile{"r.json", r.json});
    CHECK(e.message.find(r.expected) != std::string::npos);
  }
}

TEST_CASE("a natlims-results-v1 document cut short is reported as truncated", "[json]") {
  std::string json = fixture("results_v1.json");
  json.resize(json.size() / 2);
  const ReadError e = readFails(InputFile{"cut.json", json});
  CHECK(e.kind == ReadErrorKind::Truncated);
}

TEST_CASE("writeResultsJson writes what readRun reads back", "[json]") {
  const RunData original = readOk(fixtureFile("quantstudio_small.txt"));
  RunData copy = original;
  const std::string json = writeResultsJson(copy);
  CHECK(json.find("\"ct\":null") != std::string::npos);
  const RunData back = readOk(InputFile{"back.json", json});
  REQUIRE(back.wells.size() == original.wells.size());
  for (std::size_t i = 0; i < back.wells.size(); ++i) {
    CHECK(back.wells[i].position == original.wells[i].position);
    CHECK(back.wells[i].sample == original.wells[i].sample);
    CHECK(back.wells[i].ct.state == original.wells[i].ct.state);
    CHECK(back.wells[i].ct.value == Approx(original.wells[i].ct.value));
  }
  copy.wells[0].ct = CtValue::missing();
  CHECK_THROWS_AS(writeResultsJson(copy), std::invalid_argument);
}

TEST_CASE("a Chinese instrument table in GB18030 with Chinese headers and no-Ct words", "[tables][encoding]") {
  const RunData run = readOk(fixtureFile("slan96p_gb18030.txt"));
  const auto tubes = fixtureTubes();
  CHECK(run.format == "table:generic");
  REQUIRE(run.wells.size() == 6);
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(25.31));
  CHECK(reading(run, "A1", "内标").ct.value == Approx(28.77));
  CHECK(reading(run, "A2", "ORF1ab").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "A2", "ORF1ab").ct.raw == "未检出");
  CHECK(reading(run, "A2", "N").ct.raw == "NoCt");
  CHECK(reading(run, "A2", "N").sample == tubes[1]);
  bool encoding = false;
  bool experiment = false;
  for (const auto& [k, v] : run.metadata) {
    encoding = encoding || (k == "Encoding" && v == "gb18030");
    experiment = experiment || (k == "实验名称" && v == "全员筛查 第3轮");
  }
  CHECK(encoding);
  CHECK(experiment);
}

TEST_CASE("the encoding can be forced when sniffing would guess wrong", "[tables][encoding]") {
  ReadOptions options;
  options.encoding = "latin-1";
  const RunData forced = readOk(fixtureFile("lc480_latin1.txt"), options);
  CHECK(reading(forced, "A1", "FAM").sample == "Rückstellprobe");
  options.encoding = "klingon";
  const ReadError e = readFails(fixtureFile("lc480_latin1.txt"), options);
  CHECK(e.message.find("unknown text encoding") != std::string::npos);
}

TEST_CASE("an HTML table saved as .xls (Tianlong Gentier style)", "[tables]") {
  const RunData run = readOk(fixtureFile("gentier_html.xls"));
  REQUIRE(run.wells.size() == 3);
  CHECK(reading(run, "A1", "FAM").ct.value == Approx(31.5));
  CHECK(reading(run, "A1", "VIC").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "H12", "FAM").sample == "PC&1");  // entity decoded
}

TEST_CASE("a configured table mapping reads an instrument the built-in names do not cover", "[tables]") {
  const ReadError without = readFails(fixtureFile("linegene.csv"));
  CHECK(without.kind == ReadErrorKind::UnknownFormat);
  ReadOptions options;
  options.tableMappings = loadTableMappings(fixturePath("mappings.ini"));
  REQUIRE(options.tableMappings.size() == 1);
  const RunData run = readOk(fixtureFile("linegene.csv"), options);
  CHECK(run.format == "table:linegene");
  CHECK(run.instrument == "Bioer LineGene 9600");
  CHECK(reading(run, "A1", "FAM").ct.value == Approx(30.2));
  CHECK(reading(run, "A1", "VIC").ct.state == CtValue::State::Undetermined);  // 无扩增
  CHECK(reading(run, "A12", "FAM").ct.state == CtValue::State::Missing);      // empty_ct = missing
}

TEST_CASE("table mapping files: faults name the line, section and key", "[tables]") {
  struct Row {
    const char* ini;
    const char* expected;
  };
  const Row rows[] = {
      {"[table a]\nwell = W\n", "m.ini:1: [table a]: 'ct' is required"},
      {"[table a]\nct = C\n", "'well' is required"},
      {"well = W\n", "m.ini:1: a key before the first [table NAME] section"},
      {"[table a]\nwell = W\nct = C\ncolour = red\n", "m.ini:4: [table a] colour: unknown key"},
      {"[table a]\nwell = W\nct = C\nempty_ct = zero\n", "use undetermined or missing"},
      {"[tabel a]\n", "sections are written [table NAME]"},
      {"[table a]\nwell = W\nct = C\n[table a]\nwell = W\nct = C\n", "[table a] appears twice"},
  };
  for (const auto& r : rows) {
    INFO(r.ini);
    try {
      parseTableMappings(r.ini, "m.ini");
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find(r.expected) != std::string::npos);
    }
  }
  const auto ok = parseTableMappings("[table x]\nwell = 孔位, Well ; comment\nct = Ct值\ndecimal = ,\nwell_numbers = 0\n", "ok.ini");
  REQUIRE(ok.size() == 1);
  CHECK(ok[0].well == std::vector<std::string>{"孔位", "Well"});
  CHECK(ok[0].decimalMark == ',');
  CHECK(ok[0].wellNumberBase == 0);
}

TEST_CASE("RDES tables: -1.0 and empty Cq mean none", "[tables]") {
  const std::string rdes =
      "Well\tSample\tSample Type\tTarget\tTarget Type\tDye\tCq\t3\t4\n"
      "A1\tgDNA\tunkn\tExon 1\ttoi\tSYBR\t-1.0\t668.4\t644.8\n"
      "A4\tgDNA\tunkn\tExon 2\ttoi\tSYBR\t25.749\t565.38\t561.02\n"
      "A5\tgDNA\tunkn\tExon 2\ttoi\tSYBR\t\t565.38\t561.02\n";
  const RunData run = readOk(InputFile{"x.tsv", rdes});
  CHECK(run.format == "rdes");
  CHECK(reading(run, "A1", "Exon 1").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "A4", "Exon 2").ct.value == Approx(25.749));
  CHECK(reading(run, "A5", "Exon 2").ct.state == CtValue::State::Undetermined);
}

TEST_CASE("link results without wells (cartridge systems) are placed by their sample names", "[json]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const auto tubes = fixtureTubes();
  const std::string json = std::string(R"({"format":"natlims-results-v1","source":"astm","instrument":"GeneXpert^4.8","run_id":"sha256:0a1b",
    "wells":[{"sample":")") + tubes[0] + R"(","target":"ORF1ab","ct":30.5},{"sample":")" + tubes[0] + R"(","target":"N","ct":31},
             {"sample":")" + tubes[0] + R"(","target":"IC","ct":27},
             {"sample":"PC","target":"ORF1ab","ct":28},{"sample":"PC","target":"N","ct":28},{"sample":"PC","target":"IC","ct":28},
             {"sample":"NC","target":"ORF1ab","ct":null},{"sample":"NC","target":"N","ct":null},{"sample":"NC","target":"IC","ct":null}]})";
  const RunData run = readOk(InputFile{"link.json", json});
  REQUIRE(run.wells.size() == 9);
  CHECK_FALSE(run.wells[0].positionKnown);
  CHECK_FALSE(run.plate.has_value());
  bool source = false;
  for (const auto& [k, v] : run.metadata) source = source || (k == "Source" && v == "astm");
  CHECK(source);
  LayoutOutcome layout = layoutPlate({tubes[0]}, kit, 96);
  REQUIRE(layout.ok());
  CheckOptions options;
  options.kit = &kit;
  const PlateCheck check = checkRun(*layout.plate, run, {}, options);
  for (const auto& p : check.problems) INFO(p.message);
  CHECK(check.ok());
  const RunInterpretation result = interpretRun(run, kit, layout.plate->assignments());
  CHECK(result.plateValid);
  REQUIRE(result.tubes.size() == 1);
  CHECK(result.tubes[0].result == TubeCall::Positive);
  CHECK(result.tubes[0].well == "A1");
  // A sample that is not on the plate is a problem, with no well to name.
  RunData stranger = run;
  stranger.wells[0].sample = "T0000022H8";
  const PlateCheck bad = checkRun(*layout.plate, stranger);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.problems[0].kind == PlateProblemKind::UnknownSample);
  CHECK(bad.problems[0].well.empty());
  CHECK(bad.problems[0].message.find("names no well") != std::string::npos);
  // Written back without "well".
  CHECK(writeResultsJson(run).find("\"well\"") == std::string::npos);
}
