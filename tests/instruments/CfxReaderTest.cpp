#include <catch2/catch.hpp>

#include "TestSupport.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

TEST_CASE("CFX Maestro CSV: empty first column, A01 wells, NaN Cq while Cq Mean is 0", "[cfx]") {
  const RunData run = readOk(fixtureFile("cfx_maestro.csv"));
  const auto tubes = fixtureTubes();
  CHECK(run.format == "biorad-cfx");
  REQUIRE(run.wells.size() == 12);
  const auto& a1 = reading(run, "A1", "ORF1ab");
  CHECK(a1.well == "A01");
  CHECK(a1.sample == tubes[0]);
  CHECK(a1.dye == "FAM");
  CHECK(a1.task == "Unkn-01");
  CHECK(a1.ct.value == Approx(24.8029352399534));
  const auto& a2 = reading(run, "A2", "N");
  CHECK(a2.ct.state == CtValue::State::Undetermined);  // Cq Mean "0" is never a value
  CHECK(a2.ct.raw == "NaN");
  CHECK(reading(run, "H12", "IC").ct.value == Approx(31.0));
}

TEST_CASE("CFX Manager 1.x/2.x CSV writes N/A for no Cq", "[cfx]") {
  const RunData run = readOk(fixtureFile("cfx_manager_na.csv"));
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(37.42));
  CHECK(reading(run, "A1", "N").ct.state == CtValue::State::Undetermined);
  CHECK(reading(run, "A1", "N").ct.raw == "N/A");
}

TEST_CASE("CFX CSV from a European locale: semicolons and decimal commas", "[cfx]") {
  const RunData run = readOk(fixtureFile("cfx_eu_semicolon.csv"));
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(31.25));
  CHECK(reading(run, "A1", "N").ct.state == CtValue::State::Undetermined);
}

TEST_CASE("CFX xlsx with lower-case [content_types].xml and backslash member names", "[cfx][xlsx]") {
  const std::string shared =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
      "<si><t>Well</t></si><si><t>Fluor</t></si><si><t>Target</t></si><si><t>Content</t></si><si><t>Sample</t></si>"
      "<si><t>Cq</t></si><si><t>A01</t></si><si><t>FAM</t></si><si><t>ORF1ab</t></si><si><t>Unkn-01</t></si>"
      "<si><r><t>T0000</t></r><r><t>0118U</t></r></si><si><t>A02</t></si><si><t>Cq Mean</t></si></sst>";
  const std::string sheet =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\"/><c r=\"B1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c><c r=\"D1\" t=\"s\"><v>2</v></c>"
      "<c r=\"E1\" t=\"s\"><v>3</v></c><c r=\"F1\" t=\"s\"><v>4</v></c><c r=\"G1\" t=\"s\"><v>5</v></c><c r=\"H1\" t=\"s\"><v>12</v></c></row>"
      "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>6</v></c><c r=\"C2\" t=\"s\"><v>7</v></c><c r=\"D2\" t=\"s\"><v>8</v></c>"
      "<c r=\"E2\" t=\"s\"><v>9</v></c><c r=\"F2\" t=\"s\"><v>10</v></c><c r=\"G2\"><v>36.7641639114493</v></c><c r=\"H2\"><v>36.7641639114493</v></c></row>"
      "<row r=\"3\"><c r=\"B3\" t=\"s\"><v>11</v></c><c r=\"C3\" t=\"s\"><v>7</v></c><c r=\"D3\" t=\"s\"><v>8</v></c>"
      "<c r=\"E3\" t=\"s\"><v>9</v></c><c r=\"F3\" t=\"s\"><v>10</v></c><c r=\"H3\"><v>0</v></c></row>"
      "</sheetData></worksheet>";
  const std::string workbook =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"0\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets\\sheet1.xml\"/></Relationships>";
  const std::string zip = storedZip({{"[content_types].xml", "<Types/>"},
                                     {"xl\\workbook.xml", workbook},
                                     {"xl\\sharedstrings.xml", shared},
                                     {"xl\\_rels\\workbook.xml.rels", rels},
                                     {"xl\\worksheets\\sheet1.xml", sheet}});
  const RunData run = readOk(InputFile{"cfx.xlsx", zip});
  CHECK(run.format == "biorad-cfx");
  REQUIRE(run.wells.size() == 2);
  CHECK(reading(run, "A1", "ORF1ab").sample == "T00000118U");  // rich-text runs joined
  CHECK(reading(run, "A1", "ORF1ab").ct.value == Approx(36.7641639114493));
  CHECK(reading(run, "A2", "ORF1ab").ct.state == CtValue::State::Undetermined);  // empty cell
  CHECK(reading(run, "A1", "ORF1ab").line == 2);
}

TEST_CASE("a CFX result file with its Run Information file: one run with the run's metadata", "[cfx]") {
  const std::string info =
      "File Name,natlims_2026-12-01_P0003.pcrd\r\nCreated By User,lab1\r\nRun Started,12/01/2026 08:26:29 UTC\r\n"
      "Base Serial Number,CC012345\r\nCFX Maestro Version,5.0.021.0616\r\n";
  const std::vector<InputFile> files = {fixtureFile("cfx_maestro.csv"), InputFile{"Run_Information.csv", info}};
  const ReadOutcome o = readRun(files);
  INFO(o.error.message);
  REQUIRE(o.ok());
  CHECK(o.run->wells.size() == 12);
  bool serial = false;
  for (const auto& [k, v] : o.run->metadata) serial = serial || (k == "Base Serial Number" && v == "CC012345");
  CHECK(serial);
  const ReadError alone = readFails(InputFile{"Run_Information.csv", info});
  CHECK(alone.kind == ReadErrorKind::NoResults);
}
