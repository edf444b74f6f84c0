#include <Poco/Zip/Compress.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "TestSupport.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

namespace {

std::string deflatedZip(const std::vector<std::pair<std::string, std::string>>& members) {
  std::ostringstream out;
  Poco::Zip::Compress compress(out, true);
  for (const auto& [name, data] : members) {
    std::istringstream in(data);
    compress.addFile(in, Poco::DateTime(2026, 12, 1), Poco::Path(name, Poco::Path::PATH_UNIX),
                     Poco::Zip::ZipCommon::CM_DEFLATE, Poco::Zip::ZipCommon::CL_MAXIMUM);
  }
  compress.close();
  return out.str();
}

}  // namespace

TEST_CASE("RDML 1.3 as bare XML: numeric react ids, cq -1, missing cq, cq at the last cycle, excl", "[rdml]") {
  const RunData run = readOk(fixtureFile("rdml_v13.xml"));
  const auto tubes = fixtureTubes();
  CHECK(run.format == "rdml");
  CHECK(run.instrument == "natlims test cycler");
  REQUIRE(run.wells.size() == 5);
  const auto& a1 = reading(run, "A1", "ORF1ab");
  CHECK(a1.sample == tubes[0]);
  CHECK(a1.dye == "FAM");
  CHECK(a1.ct.value == Approx(23.456));
  CHECK(reading(run, "A1", "N").ct.state == CtValue::State::Undetermined);  // -1.0: not available
  CHECK(reading(run, "A1", "N").ct.raw == "-1.0");
  CHECK(reading(run, "B1", "ORF1ab").ct.state == CtValue::State::Undetermined);  // <cq> omitted
  CHECK(reading(run, "B1", "N").ct.state == CtValue::State::Undetermined);       // 40.0 of 40 cycles
  CHECK(reading(run, "H12", "ORF1ab").omitted);
  CHECK(reading(run, "H12", "ORF1ab").ct.value == Approx(27.5));
}

TEST_CASE("RDML in a zip, deflated or stored behind Bio-Rad's spanning marker, reads like the bare XML", "[rdml][zip]") {
  const std::string xml = fixture("rdml_v13.xml");
  const RunData bare = readOk(fixtureFile("rdml_v13.xml"));
  for (const std::string& zip : {deflatedZip({{"rdml_data.xml", xml}}), storedZip({{"BioRad_qPCR.xml", xml}}, "PK\x07\x08")}) {
    const RunData run = readOk(InputFile{"run.rdml", zip});
    REQUIRE(run.wells.size() == bare.wells.size());
    for (std::size_t i = 0; i < run.wells.size(); ++i) CHECK(run.wells[i].ct == bare.wells[i].ct);
  }
}

TEST_CASE("RDML 1.0 with well labels as react ids", "[rdml]") {
  const RunData run = readOk(fixtureFile("rdml_v10_labels.xml"));
  CHECK(reading(run, "C5", "ORF1ab").ct.value == Approx(30.5));
  CHECK(reading(run, "C5", "ORF1ab").dye == "FAM");  // v1.0 dyeId as text
}

TEST_CASE("RDML without any Cq (raw data only) is refused, not read as all negative", "[rdml]") {
  const ReadError e = readFails(fixtureFile("rdml_raw_only.xml"));
  CHECK(e.kind == ReadErrorKind::NoResults);
  CHECK(e.message.find("no Cq values") != std::string::npos);
}

TEST_CASE("LightCycler 96 calls override the stored Cq (Negative: none, Invalid: no reading)", "[rdml]") {
  const std::string rdml =
      "<rdml version=\"1.1\" xmlns=\"http://www.rdml.org\"><target id=\"FAM@ORF1ab\"><dyeId id=\"FAM\"/></target>"
      "<target id=\"Hex@00000000-1111-2222-3333-444444444444\"><dyeId id=\"Hex\"/></target>"
      "<experiment id=\"e1\"><run id=\"r1\"><pcrFormat><rows>8</rows><columns>12</columns></pcrFormat>"
      "<react id=\"2\"><sample id=\"S\"/><data><tar id=\"FAM@ORF1ab\"/><cq>33.56</cq></data>"
      "<data><tar id=\"Hex@00000000-1111-2222-3333-444444444444\"/><cq>100</cq></data></react>"
      "<react id=\"3\"><sample id=\"S2\"/><data><tar id=\"FAM@ORF1ab\"/><cq>21.00</cq></data></react>"
      "</run></experiment></rdml>";
  const std::string calls =
      "<rocheLC96CalculatedData xmlns=\"http://www.roche.ch/LC96CalculatedDataSchema\"><experiment id=\"e1\"><run id=\"r1\">"
      "<react id=\"2\"><factGraph targetId=\"FAM@ORF1ab\"><call>Negative</call></factGraph>"
      "<factGraph targetId=\"Hex@00000000-1111-2222-3333-444444444444\"><call>Invalid</call></factGraph></react>"
      "<react id=\"3\"><factGraph targetId=\"FAM@ORF1ab\"><call>Positive</call></factGraph></react>"
      "</run></experiment></rocheLC96CalculatedData>";
  const RunData run = readOk(InputFile{"lc96.rdml", deflatedZip({{"rdml_data.xml", rdml}, {"calculated_data.xml", calls}})});
  CHECK(reading(run, "A2", "ORF1ab").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "A2", "ORF1ab").ct.raw == "33.56");
  CHECK(reading(run, "A2", "Hex").ct.state == CtValue::State::Missing);
  CHECK(reading(run, "A2", "Hex").target.empty());  // "<dye>@<GUID>": no target name
  CHECK(reading(run, "A3", "ORF1ab").ct.value == Approx(21.0));
}

TEST_CASE("RDML runs that read one well and target twice are refused", "[rdml]") {
  const std::string rdml =
      "<rdml version=\"1.2\" xmlns=\"http://www.rdml.org\"><experiment id=\"e\">"
      "<run id=\"FAM\"><react id=\"1\"><sample id=\"S\"/><data><tar id=\"t\"/><cq>20</cq></data></react></run>"
      "<run id=\"again\"><react id=\"1\"><sample id=\"S\"/><data><tar id=\"t\"/><cq>21</cq></data></react></run>"
      "</experiment></rdml>";
  const ReadError e = readFails(InputFile{"dup.xml", rdml});
  CHECK(e.kind == ReadErrorKind::Inconsistent);
  CHECK(e.message.find("runs 'FAM' and 'again'") != std::string::npos);
}

TEST_CASE(".eds archive: analysis_result.txt with 0-based wells and Ct = cycle count as Undetermined", "[eds][zip]") {
  const std::string result = fixture("eds_analysis_result.txt");
  const auto tubes = fixtureTubes();
  for (const char* name : {"apldbio/sds/analysis_result.txt", "APLDBIO\\SDS\\analysis_result.txt"}) {
    INFO(name);
    // Poco's writer refuses backslashes in names: the stored writer keeps them as instruments do.
    const std::vector<std::pair<std::string, std::string>> members = {{"apldbio/sds/experiment.xml", "<Experiment/>"}, {name, result}};
    const std::string zip = std::string(name).find('\\') == std::string::npos ? deflatedZip(members) : storedZip(members);
    const RunData run = readOk(InputFile{"run.eds", zip});
    CHECK(run.format == "abi-eds");
    REQUIRE(run.wells.size() == 4);
    CHECK(reading(run, "A1", "ORF1ab").sample == tubes[0]);
    CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(26.77541));
    CHECK(reading(run, "A1", "N").ct.state == CtValue::State::Undetermined);
    CHECK(reading(run, "A1", "N").ct.raw == "40.0");
    CHECK(reading(run, "A2", "ORF1ab").ct.state == CtValue::State::Undetermined);
    CHECK(reading(run, "H12", "ORF1ab").ct.value == Approx(28.5));
  }
}

TEST_CASE("an .eds archive without analysis_result.txt says what to export", "[eds]") {
  const ReadError e = readFails(InputFile{"setup.eds", storedZip({{"apldbio/sds/plate_setup.xml", "<Plate/>"}})});
  CHECK(e.kind == ReadErrorKind::NoResults);
  CHECK(e.message.find("analysis_result.txt") != std::string::npos);
}

TEST_CASE("a Design & Analysis xlsx: preamble, a gap row, inline strings, numbers as stored", "[xlsx]") {
  const std::string sheet =
      "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Block Type</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>96-Well 0.2-mL Block</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Instrument Type</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>QuantStudio™ 7 Pro System</t></is></c></row>"
      "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>Well</t></is></c><c r=\"B4\" t=\"inlineStr\"><is><t>Well Position</t></is></c>"
      "<c r=\"C4\" t=\"inlineStr\"><is><t>Omit</t></is></c><c r=\"D4\" t=\"inlineStr\"><is><t>Sample</t></is></c>"
      "<c r=\"E4\" t=\"inlineStr\"><is><t>Target</t></is></c><c r=\"F4\" t=\"inlineStr\"><is><t>Reporter</t></is></c>"
      "<c r=\"G4\" t=\"inlineStr\"><is><t>Cq</t></is></c></row>"
      "<row r=\"5\"><c r=\"A5\"><v>1.0</v></c><c r=\"B5\" t=\"inlineStr\"><is><t>A1</t></is></c><c r=\"C5\" t=\"b\"><v>0</v></c>"
      "<c r=\"D5\" t=\"inlineStr\"><is><t>T00000118U</t></is></c><c r=\"E5\" t=\"inlineStr\"><is><t>ORF1ab</t></is></c>"
      "<c r=\"F5\" t=\"inlineStr\"><is><t>FAM</t></is></c><c r=\"G5\"><v>30.63431941024927</v></c></row>"
      "<row r=\"6\"><c r=\"A6\"><v>2</v></c><c r=\"B6\" t=\"inlineStr\"><is><t>A2</t></is></c><c r=\"C6\" t=\"b\"><v>1</v></c>"
      "<c r=\"D6\" t=\"inlineStr\"><is><t>T00000119P</t></is></c><c r=\"E6\" t=\"inlineStr\"><is><t>ORF1ab</t></is></c>"
      "<c r=\"F6\" t=\"inlineStr\"><is><t>FAM</t></is></c><c r=\"G6\" t=\"inlineStr\"><is><t>UNDETERMINED</t></is></c></row>"
      "</sheetData></worksheet>";
  const std::string workbook =
      "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
      "<sheets><sheet name=\"Amplification Data\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"Results\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  const std::string rels =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Target=\"/xl/worksheets/results.xml\"/><Relationship Id=\"rId2\" Target=\"worksheets/amp.xml\"/></Relationships>";
  const std::string amp = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>";
  const RunData run = readOk(InputFile{"da.xlsx", deflatedZip({{"[Content_Types].xml", "<Types/>"},
                                                               {"xl/workbook.xml", workbook},
                                                               {"xl/_rels/workbook.xml.rels", rels},
                                                               {"xl/worksheets/results.xml", sheet},
                                                               {"xl/worksheets/amp.xml", amp}})});
  CHECK(run.format == "abi-table");
  CHECK(run.instrument == "QuantStudio™ 7 Pro System");
  REQUIRE(run.wells.size() == 2);
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(30.63431941024927));
  CHECK(reading(run, "A1", "ORF1ab").line == 5);
  CHECK(reading(run, "A2", "ORF1ab").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "A2", "ORF1ab").omitted);
}
