// Table-driven tests of the small rules every link shares: Ct values, sample names, wells, dyes,
// ASTM checksums and framing.

#include <catch2/catch.hpp>

#include <cctype>

#include <optional>
#include <string>
#include <vector>

#include "natlims/links/AstmFrame.h"
#include "natlims/links/CtValue.h"
#include "natlims/links/DyeName.h"
#include "natlims/links/RunDocument.h"
#include "natlims/links/SampleName.h"
#include "natlims/links/WellPosition.h"
#include "support/TestData.h"

using namespace natlims::links;
using natlims::testing::tube;

TEST_CASE("Ct values: numbers, no-amplification marks and interpretations", "[links][rules]") {
  struct Row {
    const char* text;
    CtReading::Kind kind;
    double value;
  };
  const std::vector<Row> rows{
      {"31.2", CtReading::Kind::Number, 31.2},
      {" 38.004 ", CtReading::Kind::Number, 38.004},
      {"40", CtReading::Kind::Number, 40.0},
      {"Undetermined", CtReading::Kind::NoAmplification, 0},
      {"UNDETERMINED", CtReading::Kind::NoAmplification, 0},
      {"No Ct", CtReading::Kind::NoAmplification, 0},
      {"N/A", CtReading::Kind::NoAmplification, 0},
      {"NaN", CtReading::Kind::NoAmplification, 0},
      {"", CtReading::Kind::NoAmplification, 0},
      {"0.0", CtReading::Kind::NoAmplification, 0},   // GeneXpert: 0.0 is "no Ct"
      {"-1", CtReading::Kind::NoAmplification, 0},    // RDML
      {"999", CtReading::Kind::NoAmplification, 0},
      {"NOT DETECTED", CtReading::Kind::Qualitative, 0},
      {"Positive", CtReading::Kind::Qualitative, 0},
      {"PASS", CtReading::Kind::Qualitative, 0},
      {"阴性", CtReading::Kind::Qualitative, 0},
      {"31,2", CtReading::Kind::Invalid, 0},
      {"3.1e1", CtReading::Kind::Invalid, 0},
      {"-----", CtReading::Kind::Invalid, 0},
      {"31.2x", CtReading::Kind::Invalid, 0},
      {"inf", CtReading::Kind::Invalid, 0},
  };
  for (const auto& row : rows) {
    INFO("text '" << row.text << "'");
    const auto r = parseCtText(row.text);
    CHECK(r.kind == row.kind);
    if (row.kind == CtReading::Kind::Number) CHECK(r.value == Approx(row.value));
  }
}

TEST_CASE("sample names: tube codes in canonical form, control names, refusals", "[links][rules]") {
  const std::string code = tube(1);
  std::string lower = code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string wrongCheck = code;
  wrongCheck[9] = wrongCheck[9] == '0' ? '1' : '0';
  struct Row {
    std::string text;
    SampleCheck::Kind kind;
    std::string sample;
  };
  const std::vector<Row> rows{
      {code, SampleCheck::Kind::Tube, code},
      {" " + lower + " ", SampleCheck::Kind::Tube, code},
      {code.substr(0, 4) + "-" + code.substr(4), SampleCheck::Kind::Tube, code},
      {"PC", SampleCheck::Kind::PositiveControl, "PC"},
      {"pos ctrl 2", SampleCheck::Kind::PositiveControl, "PC"},
      {"Positive Control", SampleCheck::Kind::PositiveControl, "PC"},
      {"PTC-1", SampleCheck::Kind::PositiveControl, "PC"},
      {"阳性对照", SampleCheck::Kind::PositiveControl, "PC"},
      {"NC", SampleCheck::Kind::NegativeControl, "NC"},
      {"NTC_3", SampleCheck::Kind::NegativeControl, "NC"},
      {"negative control", SampleCheck::Kind::NegativeControl, "NC"},
      {"阴性对照", SampleCheck::Kind::NegativeControl, "NC"},
      {"Blank", SampleCheck::Kind::NegativeControl, "NC"},
      {wrongCheck, SampleCheck::Kind::Invalid, ""},
      {"PR25A137", SampleCheck::Kind::Invalid, ""},
      {"", SampleCheck::Kind::Invalid, ""},
      {"PCR", SampleCheck::Kind::Invalid, ""},
      {natlims::domain::makeCodeFromNumber(natlims::domain::CodeKind::Box, 5), SampleCheck::Kind::Invalid, ""},
  };
  for (const auto& row : rows) {
    INFO("text '" << row.text << "'");
    const auto check = classifySample(row.text);
    CHECK(check.kind == row.kind);
    CHECK(check.sample == row.sample);
    if (row.kind == SampleCheck::Kind::Invalid) CHECK_FALSE(check.error.empty());
  }
}

TEST_CASE("a refused sample name that looks like an identity number is masked", "[links][rules]") {
  const auto check = classifySample("11010519491231002X");
  REQUIRE(check.kind == SampleCheck::Kind::Invalid);
  CHECK(check.error.find("11010519491231002X") == std::string::npos);
  CHECK(check.error.find("1101") != std::string::npos);
  CHECK(safeSampleText("440524188001010014").find("188001") == std::string::npos);
  CHECK(safeSampleText("PR25A137") == "PR25A137");
  CHECK(safeSampleText(std::string("A\x01" "B", 3)) == "A?B");
}

TEST_CASE("wells: A1 to P24 in any of the instruments' spellings", "[links][rules]") {
  const std::vector<std::pair<std::string, std::optional<std::string>>> rows{
      {"A1", "A1"}, {"a01", "A1"}, {"H12", "H12"}, {"P24", "P24"}, {" B 07", "B7"},
      {"Q1", std::nullopt}, {"A0", std::nullopt}, {"A25", std::nullopt}, {"27", std::nullopt},
      {"", std::nullopt}, {"AA1", std::nullopt}, {"A1B", std::nullopt},
  };
  for (const auto& [text, expected] : rows) {
    INFO("well '" << text << "'");
    CHECK(normalizeWell(text) == expected);
  }
}

TEST_CASE("dyes: known reporter dyes in canonical spelling", "[links][rules]") {
  CHECK(canonicalDye("fam") == "FAM");
  CHECK(canonicalDye("Cy5") == "CY5");
  CHECK(canonicalDye("Texas Red") == "TEXAS RED");
  CHECK(canonicalDye("Quasar-670") == "QUASAR 670");
  CHECK(canonicalDye("ORF1ab") == std::nullopt);
  CHECK(canonicalDye("") == std::nullopt);
}

TEST_CASE("ASTM checksum: sum of FN through ETX/ETB modulo 256 as two upper-case hex digits", "[links][astm]") {
  // Vectors of python-astm's codec tests (FORMATS.md §7.1).
  CHECK(astmChecksum("1A|B|C|D\r\x03") == "BF");
  CHECK(buildAstmFrame(1, "A|B|C|D\r", true) == "\x02" "1A|B|C|D\r\x03" "BF\r\n");
  CHECK(astmChecksum("") == "00");
  CHECK(astmChecksum(std::string(2, '\xFF')) == "FE");  // 510 mod 256
}

TEST_CASE("ASTM framing: frame numbers 1-7 then 0, one record per frame", "[links][astm]") {
  std::vector<std::string> records;
  for (char c = 'A'; c <= 'J'; ++c) records.emplace_back(1, c);
  const auto frames = buildAstmFrames(records);
  REQUIRE(frames.size() == 10);
  const std::string numbers = "1234567012";
  const std::vector<std::string> checksums{"82", "84", "86", "88", "8A", "8C", "8E", "88", "8A", "8C"};
  for (std::size_t i = 0; i < frames.size(); ++i) {
    INFO("frame " << i);
    CHECK(frames[i][1] == numbers[i]);
    CHECK(frames[i].substr(frames[i].size() - 4, 2) == checksums[i]);
    CHECK(frames[i][frames[i].size() - 5] == astm::kEtx);
  }
}

TEST_CASE("ASTM framing: a long record continues in ETB frames", "[links][astm]") {
  // python-astm's vector: "foo|1\rbar|24\rbaz|1^2^3|boo" chunked at 14 bytes of frame.
  const std::string record = "foo|1\rbar|24\rbaz|1^2^3|boo";
  const auto frames = buildAstmFrames({record}, 7);
  REQUIRE(frames.size() == 4);
  CHECK(frames[0] == "\x02" "1foo|1\rb\x17" "A8\r\n");
  CHECK(frames[1] == "\x02" "2ar|24\rb\x17" "6D\r\n");
  CHECK(frames[2] == "\x02" "3az|1^2^\x17" "C0\r\n");
  CHECK(frames[3] == "\x02" "43|boo\r\x03" "33\r\n");
}

TEST_CASE("run document JSON: fixed key order, shortest numbers, null for no amplification", "[links][json]") {
  RunDocument run;
  run.source = "astm";
  run.instrument = "QS7 \"bench\" \\ 2";
  run.runId = "R-1";
  run.wells.push_back({"A1", "PC", "ORF1ab", "FAM", 27.85});
  run.wells.push_back({std::nullopt, "NC", "N", std::nullopt, std::nullopt});
  run.wells.push_back({std::nullopt, "NC", "IC", std::nullopt, 31.0});
  CHECK(toJson(run) ==
        R"({"format":"natlims-results-v1","source":"astm","instrument":"QS7 \"bench\" \\ 2","run_id":"R-1","wells":[)"
        R"({"well":"A1","sample":"PC","target":"ORF1ab","dye":"FAM","ct":27.85},)"
        R"({"sample":"NC","target":"N","ct":null},{"sample":"NC","target":"IC","ct":31}]})");
}
