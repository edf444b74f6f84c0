// E1394 records and their mapping to run documents.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "natlims/links/AstmMessage.h"
#include "natlims/links/AstmResultMapper.h"
#include "natlims/links/RunDocument.h"
#include "support/TestData.h"

using namespace natlims::links;
using natlims::testing::tube;

namespace {

MappedRun mapRecords(const std::vector<std::string>& records) {
  const auto parsed = parseAstmMessage(records);
  REQUIRE(parsed.message);
  return mapAstmMessage(*parsed.message);
}

bool anyProblemContains(const MappedRun& m, const std::string& text) {
  for (const auto& p : m.problems) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("delimiters are read from the H record, never assumed", "[links][astm]") {
  struct Row {
    std::string header;
    char field, repeat, component, escape;
  };
  const std::vector<Row> rows{
      {"H|\\^&|||X", '|', '\\', '^', '&'},
      {"H|@^\\|ID||X", '|', '@', '^', '\\'},  // GeneXpert
      {"H!~#$!!!X", '!', '~', '#', '$'},
      {"H|\\^&", '|', '\\', '^', '&'},
  };
  for (const auto& row : rows) {
    INFO(row.header);
    const auto d = AstmDelimiters::fromHeader(row.header);
    REQUIRE(d);
    CHECK(d->field == row.field);
    CHECK(d->repeat == row.repeat);
    CHECK(d->component == row.component);
    CHECK(d->escape == row.escape);
  }
}

TEST_CASE("an H record with unusable delimiters is refused with the reason", "[links][astm]") {
  const std::vector<std::pair<std::string, std::string>> rows{
      {"P|1", "does not start with an H record"},
      {"H|\\^", "too short"},
      {"H||^&|", "same character"},
      {"H|A^&|", "not a printable non-alphanumeric"},
      {"H|\\^&X", "not followed by the field delimiter"},
  };
  for (const auto& [header, why] : rows) {
    INFO(header);
    std::string error;
    CHECK_FALSE(AstmDelimiters::fromHeader(header, &error));
    CHECK(error.find(why) != std::string::npos);
  }
}

TEST_CASE("fields, components, repeats and escapes with the declared delimiters", "[links][astm]") {
  AstmDelimiters d{'!', '~', '#', '$'};
  AstmRecord r("R!1!##$F$#ORF1ab#FAM~##other!31.2!$X41$$E$x", d);
  CHECK(r.type() == 'R');
  CHECK(r.rawField(2) == "1");
  CHECK(r.component(3, 3) == "!");       // $F$: the field delimiter as data
  CHECK(r.component(3, 4) == "ORF1ab");  // the first repeat only
  CHECK(r.component(3, 5) == "FAM");
  CHECK(r.components(3).size() == 5);
  CHECK(r.unescape(r.rawField(5)) == "A$x");
  CHECK(r.rawField(9).empty());
}

TEST_CASE("a message must start with H and end with L", "[links][astm]") {
  CHECK(parseAstmMessage({"H|\\^&", "P|1"}).error.find("L record") != std::string::npos);
  CHECK(parseAstmMessage({"X|\\^&", "L|1"}).error.find("H record") != std::string::npos);
  CHECK(parseAstmMessage({"H|\\^&", "PX|1", "L|1"}).error.find("record 2") != std::string::npos);
  CHECK(parseAstmMessage({}).error == "empty message");
}

TEST_CASE("ASTM mapping: the run document of a QuantStudio-like message", "[links][astm]") {
  const auto mapped = mapRecords(natlims::testing::astmRun());
  REQUIRE(mapped.ok());
  CHECK(toJson(mapped.run) == natlims::testing::astmRunJson());
  CHECK(mapped.skippedRecords == 0);
}

TEST_CASE("ASTM mapping: without a message control ID the run id is a hash of the message", "[links][astm]") {
  auto records = natlims::testing::astmRun("");
  const auto a = mapRecords(records);
  const auto b = mapRecords(records);
  REQUIRE(a.ok());
  CHECK(a.run.runId.rfind("sha256:", 0) == 0);
  CHECK(a.run.runId.size() == 7 + 32);
  CHECK(a.run.runId == b.run.runId);
  records[3] = "R|1|^^^ORF1ab^FAM|31.3|cycles||||F";
  CHECK(mapRecords(records).run.runId != a.run.runId);
}

TEST_CASE("ASTM mapping: GeneXpert layout, Ct from the complementary record, 0.0 is no Ct", "[links][astm]") {
  const std::vector<std::string> records{
      "H|@^\\|XP-RUN-7||Lab Xpert^GeneXpert^6.4|||||LIS||P|1394-97|20261201090000",
      "P|1",
      "O|1|" + tube(5) + "||^^^XPRSARS-COV2|R|20261201080000|||||||||ORH||||||||||F",
      "R|1|^XPRSARS-COV2^^XPRSARS-COV2^Xpert Xpress SARS-CoV-2^2^^|POSITIVE^|||||F",
      "R|2|^XPRSARS-COV2^^XPRSARS-COV2^^^E^|POS^|||",
      "R|3|^XPRSARS-COV2^^XPRSARS-COV2^^^E^Ct|^23.1|||",
      "R|4|^XPRSARS-COV2^^XPRSARS-COV2^^^E^EndPt|^212.0|||",
      "R|5|^XPRSARS-COV2^^XPRSARS-COV2^^^N2^Ct|^0.0|||",
      "R|6|^XPRSARS-COV2^^XPRSARS-COV2^^^SPC^Ct|^26.4|||",
      "C|1|I|Notes^^free text|I",
      "L|1|N",
  };
  const auto mapped = mapRecords(records);
  REQUIRE(mapped.ok());
  CHECK(mapped.run.instrument == "Lab Xpert^GeneXpert^6.4");
  CHECK(mapped.run.runId == "XP-RUN-7");
  REQUIRE(mapped.run.wells.size() == 3);
  CHECK(mapped.run.wells[0].target == "E");
  CHECK(mapped.run.wells[0].ct == Approx(23.1));
  CHECK(mapped.run.wells[1].target == "N2");
  CHECK_FALSE(mapped.run.wells[1].ct.has_value());
  CHECK(mapped.run.wells[2].target == "SPC");
  CHECK(mapped.run.wells[2].sample == tube(5));
  CHECK(mapped.skippedRecords == 3);  // the main call, the analyte call, the end point
}

TEST_CASE("ASTM mapping: problems are listed, naming the record and field", "[links][astm]") {
  SECTION("a specimen ID that is not a tube code") {
    auto records = natlims::testing::astmRun();
    records[2] = "O|1|PR25A137||^^^SARS-CoV-2";
    const auto mapped = mapRecords(records);
    CHECK(anyProblemContains(mapped, "record 3 (O 1): specimen ID (O-3): 'PR25A137' is neither a tube code"));
  }
  SECTION("an unreadable value") {
    auto records = natlims::testing::astmRun();
    records[3] = "R|1|^^^ORF1ab^FAM|31,2|cycles";
    const auto mapped = mapRecords(records);
    CHECK(anyProblemContains(mapped, "record 4 (R 1): the value (R-4) '31,2' of target ORF1ab"));
  }
  SECTION("a result before any order") {
    const auto mapped = mapRecords({"H|\\^&", "P|1", "R|1|^^^N|30", "L|1|N"});
    CHECK(anyProblemContains(mapped, "a result before any O record"));
  }
  SECTION("two results for the same sample and target") {
    auto records = natlims::testing::astmRun();
    records[4] = "R|2|^^^ORF1ab^FAM|30.0|cycles||||F";
    const auto mapped = mapRecords(records);
    CHECK(anyProblemContains(mapped, "a second result for sample " + tube(1) + " target ORF1ab (the first is record 4 (R 1))"));
  }
  SECTION("a host query") {
    const auto mapped = mapRecords({"H|\\^&", "Q|1|^" + tube(1) + "||^^^ALL||||||||O", "L|1|N"});
    CHECK(anyProblemContains(mapped, "host query"));
  }
  SECTION("no Ct at all") {
    const auto mapped = mapRecords({"H|\\^&", "P|1", "O|1|" + tube(1), "R|1|^^^SARS-CoV-2|NEGATIVE", "L|1|N"});
    CHECK(anyProblemContains(mapped, "carries no Ct results"));
    CHECK(mapped.skippedRecords == 1);
  }
}

TEST_CASE("ASTM mapping: patient records are never read into the run or its problems", "[links][astm][privacy]") {
  auto records = natlims::testing::astmRun();
  records[1] = "P|1||11010519491231002X||Zhang^San||19491231|M";
  records[2] = "O|1|11010519491231002X|^PLATE-7^A1|^^^SARS-CoV-2";  // an ID number where the tube belongs
  const auto mapped = mapRecords(records);
  const std::string json = toJson(mapped.run);
  CHECK(json.find("Zhang") == std::string::npos);
  CHECK(json.find("11010519491231002X") == std::string::npos);
  REQUIRE_FALSE(mapped.problems.empty());
  for (const auto& p : mapped.problems) CHECK(p.find("11010519491231002X") == std::string::npos);
}
