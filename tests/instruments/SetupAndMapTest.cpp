#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "TestSupport.h"
#include "natlims/instruments/PlateMapSvg.h"
#include "natlims/instruments/SampleSetup.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

namespace {

PlateLayout plate96(const Kit& kit) {
  LayoutOutcome out = layoutPlate(fixtureTubes(), kit, 96);
  REQUIRE(out.ok());
  out.plate->plateId = "P0001";
  return *out.plate;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // every line ends CRLF
    out.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

}  // namespace

TEST_CASE("ABI 7500 sample setup: header block, [Sample Setup], one row per well and target, tube codes as names", "[setup]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const auto tubes = fixtureTubes();
  const SetupFile file = writeSampleSetup(plate96(kit), kit, SetupFormat::Abi7500Fast);
  CHECK(file.fileName == "plate-P0001-abi7500fast.txt");
  const auto l = lines(file.bytes);
  CHECK(l[0] == "* Block Type = 96fast");
  CHECK(l[5] == "* Instrument Type = sds7500fast");
  CHECK(l[8] == "[Sample Setup]");
  CHECK(l[9].rfind("Well\tSample Name\tSample Color\t", 0) == 0);
  REQUIRE(l.size() == 10 + 96 * 3);
  CHECK(l[10].rfind("A1\t" + tubes[0] + "\t", 0) == 0);
  CHECK(l[10].find("\tORF1ab\t") != std::string::npos);
  CHECK(l[10].find("\tUNKNOWN\tFAM\t") != std::string::npos);
  CHECK(l[12].find("\tIC\t") != std::string::npos);
  // Rows in well order: A1, A2 ... then the controls at the end of rows G and H.
  const std::string g12 = l[10 + (6 * 12 + 11) * 3];
  CHECK(g12.rfind("G12\tNC\t", 0) == 0);
  CHECK(g12.find("\tNTC\t") != std::string::npos);
  CHECK(l.back().rfind("H12\tPC\t", 0) == 0);
}

TEST_CASE("a sample-setup file is never read back as results", "[setup]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const SetupFile file = writeSampleSetup(plate96(kit), kit, SetupFormat::Abi7500);
  const ReadError e = readFails(InputFile{file.fileName, file.bytes});
  CHECK(e.kind == ReadErrorKind::NoResults);
}

TEST_CASE("QuantStudio setup: the Well number agrees with the Well Position", "[setup]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  LayoutOutcome out = layoutPlate(fixtureTubes(), kit, 384);
  REQUIRE(out.ok());
  const SetupFile file = writeSampleSetup(*out.plate, kit, SetupFormat::QuantStudio);
  const auto l = lines(file.bytes);
  CHECK(l[0] == "* Block Type = 384-Well Block");
  bool sawP24 = false;
  for (const auto& line : l) {
    if (line.rfind("384\tP24\tPC\t", 0) == 0) sawP24 = true;
  }
  CHECK(sawP24);
  CHECK(l[10].rfind("1\tA1\t", 0) == 0);
  CHECK_THROWS_AS(writeSampleSetup(*out.plate, kit, SetupFormat::Abi7500), std::invalid_argument);
}

TEST_CASE("Bio-Rad CFX plate CSV: Row, Column, target and sample names", "[setup]") {
  const Kit kit = shippedKit("sansure-orf1ab-n");
  const auto tubes = fixtureTubes();
  const SetupFile file = writeSampleSetup(plate96(kit), kit, SetupFormat::BioRadCfx);
  CHECK(file.contentType.rfind("text/csv", 0) == 0);
  const auto l = lines(file.bytes);
  CHECK(l[0] == "Row,Column,*Target Name,*Sample Name,*Biological Group");
  CHECK(l[1] == "A,1,ORF1ab," + tubes[0] + ",sample");
  CHECK(l[2] == "A,1,N," + tubes[0] + ",sample");
  CHECK(l.back() == "H,12,IC,PC,positive_control");
  CHECK(l.size() == 1 + 96 * 3);
}

TEST_CASE("setup formats by name", "[setup]") {
  CHECK(parseSetupFormat("abi7500") == SetupFormat::Abi7500);
  CHECK(parseSetupFormat("ABI7500FAST") == SetupFormat::Abi7500Fast);
  CHECK(parseSetupFormat("quantstudio") == SetupFormat::QuantStudio);
  CHECK(parseSetupFormat("cfx") == SetupFormat::BioRadCfx);
  CHECK_FALSE(parseSetupFormat("lightcycler"));
}

TEST_CASE("the plate map is well-formed SVG with every tube code and escaped text", "[platemap]") {
  const Kit kit = shippedKit("daan-orf1ab-n");
  const PlateLayout plate = plate96(kit);
  PlateMapOptions options;
  options.title = "Plate P0001 <bench 3> & co";
  options.printedAt = "2026-12-01 08:00";
  const std::string svg = renderPlateMapSvg(plate, kit, options);
  Poco::XML::DOMParser parser;
  Poco::AutoPtr<Poco::XML::Document> doc;
  REQUIRE_NOTHROW(doc = parser.parseString(svg));
  CHECK(doc->documentElement()->nodeName() == "svg");
  CHECK(svg.find("Plate P0001 &lt;bench 3&gt; &amp; co") != std::string::npos);
  CHECK(svg.find("daan-orf1ab-n version 1") != std::string::npos);
  // Codes are printed in two halves on 96-well plates.
  for (const auto& t : fixtureTubes()) {
    INFO(t);
    CHECK(svg.find(">" + t.substr(0, 5) + "<") != std::string::npos);
    CHECK(svg.find(">" + t.substr(5) + "<") != std::string::npos);
  }
  CHECK(svg.find(">PC<") != std::string::npos);
  CHECK(svg.find(">NC<") != std::string::npos);
  LayoutOutcome big = layoutPlate(fixtureTubes(), kit, 384);
  REQUIRE(big.ok());
  const std::string svg384 = renderPlateMapSvg(*big.plate, kit);
  REQUIRE_NOTHROW(parser.parseString(svg384));
  CHECK(svg384.find(">P24<") != std::string::npos);
  CHECK(svg384.find("url(#empty)") != std::string::npos);
}
