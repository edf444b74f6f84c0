#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <sstream>

#include "LabelTestSupport.h"
#include "natlims/labels/AtomicFile.h"
#include "natlims/labels/ImageCodec.h"
#include "natlims/labels/LabelError.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/LabelOutput.h"
#include "natlims/labels/Scanner.h"
#include "natlims/labels/Zpl.h"

using namespace natlims::labels;

namespace {

std::vector<LabelContent> batchOf(const std::vector<std::string>& codes) {
  std::vector<LabelContent> out;
  for (const auto& c : codes) out.push_back({c, "全民核酸", 10, "2026-12-01"});
  return out;
}

}  // namespace

TEST_CASE("png and svg labels go into a folder, one file per code", "[labels][output]") {
  test::TempDir dir;
  LabelMaker maker;
  const auto codes = test::randomCodes(6, 41);
  std::ostringstream out;
  for (OutputFormat f : {OutputFormat::Png, OutputFormat::Svg}) {
    const std::string folder = dir.file(std::string(outputFormatName(f)));
    const auto written = writeLabels(maker, f, batchOf(codes), folder, out);
    REQUIRE(written.size() == codes.size());
    std::vector<std::string> expected;
    for (const auto& c : codes) expected.push_back(c + "." + std::string(outputFormatName(f)));
    std::sort(expected.begin(), expected.end());
    CHECK(test::listFolder(folder) == expected);  // nothing else, no temporaries
  }
  for (const auto& c : codes) CHECK(scanImageFile(dir.file("png/" + c + ".png")).at(0).text == c);
  CHECK(out.str().empty());
}

TEST_CASE("zpl and pdf go to one file or to standard output", "[labels][output]") {
  test::TempDir dir;
  LabelMaker maker;
  const auto codes = test::randomCodes(3, 42);
  std::ostringstream out;
  CHECK(writeLabels(maker, OutputFormat::Zpl, batchOf(codes), dir.file("a.zpl"), out).size() == 1);
  CHECK(zplGraphics(test::readFile(dir.file("a.zpl"))).size() == 3);
  CHECK(writeLabels(maker, OutputFormat::Zpl, batchOf(codes), "-", out).empty());
  CHECK(out.str() == test::readFile(dir.file("a.zpl")));
  writeLabels(maker, OutputFormat::Pdf, batchOf(codes), dir.file("a.pdf"), out);
  CHECK(test::readFile(dir.file("a.pdf")).rfind("%PDF-", 0) == 0);
  CHECK(test::listFolder(dir.path()) == std::vector<std::string>{"a.pdf", "a.zpl"});
}

TEST_CASE("nothing is left half-written when a label fails or a path is unwritable", "[labels][output]") {
  test::TempDir dir;
  const auto codes = test::randomCodes(8, 43);
  std::ostringstream out;
  for (OutputFormat f : {OutputFormat::Png, OutputFormat::Svg, OutputFormat::Zpl, OutputFormat::Pdf}) {
    INFO(outputFormatName(f));
    LabelMaker maker;
    int n = 0;
    maker.setRasterFaultForTesting([&](GrayImage& g) {
      if (++n == 6) std::fill(g.pixels().begin(), g.pixels().end(), 255);  // the 6th label fails
    });
    const bool folder = f == OutputFormat::Png || f == OutputFormat::Svg;
    const std::string target = dir.file(folder ? "labels" : "labels.out");
    CHECK_THROWS_AS(writeLabels(maker, f, batchOf(codes), target, out), VerificationError);
    CHECK_FALSE(test::exists(target));
    CHECK(test::listFolder(dir.path()).empty());
  }
  LabelMaker maker;
  for (OutputFormat f : {OutputFormat::Png, OutputFormat::Pdf}) {
    CHECK_THROWS_AS(writeLabels(maker, f, batchOf(codes), "/nonexistent/dir/labels", out), OutputError);
  }
  // A read-only folder: the error names the file, and no temporary remains.
  const std::string ro = dir.file("readonly");
  ::mkdir(ro.c_str(), 0555);
  if (::access((ro + "/.").c_str(), W_OK) != 0) {  // root ignores permissions
    try {
      writeLabels(maker, OutputFormat::Png, batchOf(codes), ro, out);
      FAIL("written");
    } catch (const OutputError& e) {
      CHECK(std::string(e.what()).find(ro) != std::string::npos);
    }
    CHECK(test::listFolder(ro).empty());
  }
  // A file where a folder is expected.
  test::writeFile(dir.file("plain"), "x");
  CHECK_THROWS_AS(writeLabels(maker, OutputFormat::Png, batchOf(codes), dir.file("plain"), out), OutputError);
  CHECK_THROWS_AS(writeLabels(maker, OutputFormat::Png, batchOf(codes), "-", out), OutputError);
}

TEST_CASE("a batch naming a code twice is refused before anything is written", "[labels][output]") {
  test::TempDir dir;
  LabelMaker maker;
  auto codes = test::randomCodes(4, 44);
  std::string again = codes[1];
  again.insert(4, "-");  // the same code in another spelling
  codes.push_back(again);
  std::ostringstream out;
  try {
    writeLabels(maker, OutputFormat::Pdf, batchOf(codes), dir.file("x.pdf"), out);
    FAIL("written");
  } catch (const ContentError& e) {
    CHECK(e.field() == "codes");
    CHECK(std::string(e.what()).find(codes[1]) != std::string::npos);
  }
  CHECK_FALSE(test::exists(dir.file("x.pdf")));
}

TEST_CASE("an atomic write replaces the old file whole", "[labels][output]") {
  test::TempDir dir;
  writeFileAtomically(dir.file("f"), "old");
  writeFileAtomically(dir.file("f"), std::string(100000, 'n'));
  CHECK(test::readFile(dir.file("f")) == std::string(100000, 'n'));
  CHECK(test::listFolder(dir.path()) == std::vector<std::string>{"f"});
  {
    StagedFiles staged;
    staged.add(dir.file("g"), "g");
    CHECK(test::listFolder(dir.path()).size() == 2);  // f and g's temporary
  }
  CHECK(test::listFolder(dir.path()) == std::vector<std::string>{"f"});  // not committed: gone
}
