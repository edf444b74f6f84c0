#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "LabelTestSupport.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/LabelError.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/Scanner.h"
#include "natlims/labels/Zpl.h"

using namespace natlims::labels;
using natlims::domain::CodeKind;
using natlims::domain::makeCodeFromNumber;

namespace {

// Golden files pin the exact bytes sent to printers. They depend on the label font's
// rasterisation (FreeType and fonts-wqy-microhei of Debian 12); after a deliberate change,
// regenerate them with NATLIMS_UPDATE_GOLDEN=1 and review the difference.
std::string goldenPath(const std::string& name) { return NATLIMS_SOURCE_DIR "/tests/labels/golden/" + name; }

bool updating() {
  const char* v = std::getenv("NATLIMS_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

GrayImage randomBitmap(int w, int h, std::uint32_t seed, int runiness) {
  std::mt19937 rng(seed);
  GrayImage img(w, h);
  std::uint8_t v = 255;
  for (auto& p : img.pixels()) {
    if (static_cast<int>(rng() % 100) < runiness) v = v ? 0 : 255;
    p = v;
  }
  // Some repeated rows, to exercise ':'
  for (int y = 1; y < h; y += 3) std::copy(img.row(y - 1), img.row(y - 1) + w, img.row(y));
  return img;
}

}  // namespace

TEST_CASE("ZPL of fixed labels matches the golden files byte for byte", "[labels][zpl]") {
  struct Row {
    const char* file;
    double w, h;
    int dpi;
    LabelLanguage language;
    LabelContent content;
  };
  const std::string tube = makeCodeFromNumber(CodeKind::Tube, 123456789);
  const std::string box = makeCodeFromNumber(CodeKind::Box, 987654);
  const Row rows[] = {
      {"tube-40x20-203.zpl", 40, 20, 203, LabelLanguage::Chinese, {tube, "全民核酸第3轮", 10, "2026-12-01"}},
      {"tube-40x20-300.zpl", 40, 20, 300, LabelLanguage::Chinese, {tube, "全民核酸第3轮", 10, "2026-12-01"}},
      {"tube-50x25-203.zpl", 50, 25, 203, LabelLanguage::Chinese, {tube, "全民核酸第3轮", 20, "2026-12-01"}},
      {"tube-50x25-300.zpl", 50, 25, 300, LabelLanguage::Chinese, {tube, "全民核酸第3轮", 1, "2026-12-01"}},
      {"box-50x25-203-en.zpl", 50, 25, 203, LabelLanguage::English, {box, "Round 3", 0, "2026-12-01"}},
  };
  for (const Row& row : rows) {
    INFO(row.file);
    LabelConfig config;
    config.layout.widthMm = row.w;
    config.layout.heightMm = row.h;
    config.layout.dpi = row.dpi;
    config.layout.language = row.language;
    LabelMaker maker(config);
    const std::string zpl = maker.zpl(row.content);
    if (updating()) test::writeFile(goldenPath(row.file), zpl);
    REQUIRE(test::exists(goldenPath(row.file)));
    CHECK(zpl == test::readFile(goldenPath(row.file)));
    // The golden file itself prints a label that scans to its code.
    const auto images = zplGraphics(test::readFile(goldenPath(row.file)));
    REQUIRE(images.size() == 1);
    CHECK(images[0].width() == config.layout.widthDots());
    const auto found = scanImage(images[0]);
    REQUIRE(found.size() == 1);
    CHECK(found[0].text == row.content.code);
  }
}

TEST_CASE("ZPL labels set print width and length and end every format", "[labels][zpl]") {
  LabelMaker maker;
  const std::string zpl = maker.zpl({makeCodeFromNumber(CodeKind::Tube, 5), "", 0, ""});
  CHECK(zpl.rfind("^XA\n^PW320\n^LL160\n^LH0,0\n^FO0,0^GFA,6400,6400,40,", 0) == 0);
  CHECK(zpl.size() > 100);
  CHECK(zpl.substr(zpl.size() - 13) == "^FS\n^PQ1\n^XZ\n");
  CHECK(zpl.find('^', 40) == zpl.find("^FS"));  // no other command inside the graphic data
  CHECK(zpl.size() < 6400);                      // compressed: well under the raw hex size
}

TEST_CASE("ZPL graphic compression round-trips any bitmap", "[labels][zpl]") {
  struct Row {
    int w, h, runiness;
  };
  // Widths that are and are not multiples of 8 and 4; long runs (> 419 nibbles) and noise.
  for (const Row& row : {Row{320, 160, 2}, Row{321, 7, 50}, Row{5, 9, 30}, Row{3400, 4, 0}, Row{3400, 3, 1},
                         Row{1, 1, 0}, Row{17, 40, 100}}) {
    for (std::uint32_t seed = 1; seed <= 5; ++seed) {
      INFO(row.w << "x" << row.h << " seed " << seed);
      const GrayImage img = randomBitmap(row.w, row.h, seed, row.runiness);
      const auto back = zplGraphics(zplForImage(img));
      REQUIRE(back.size() == 1);
      CHECK(back[0] == img);
    }
  }
  // All black: rows of F runs, then ':' repeats.
  GrayImage black(100, 10, 0);
  const std::string zpl = zplForImage(black);
  CHECK(zpl.find(":\n:") != std::string::npos);
  CHECK(zplGraphics(zpl).at(0) == black);
}

TEST_CASE("ZPL compression follows Zebra's rules: counts, comma on a byte boundary, colon", "[labels][zpl]") {
  // A 64-dot row: 16 nibbles. Ink in the first 4 dots only -> "F" then 15 zeros: the comma must
  // start on a byte boundary, so one '0' is written before it.
  GrayImage img(64, 2, 255);
  for (int x = 0; x < 4; ++x) img.set(x, 0, 0);
  for (int x = 0; x < 4; ++x) img.set(x, 1, 0);
  const std::string zpl = zplForImage(img);
  CHECK(zpl.find("^GFA,16,16,8,F0,\n:^FS") != std::string::npos);
  // 16 nibbles of F: "V" is 16.
  GrayImage full(64, 1, 0);
  CHECK(zplForImage(full).find("^GFA,8,8,8,VF^FS") != std::string::npos);
  // Hand-written data with every form: g = 20, H = 2, '!' = ones to the end.
  const auto decoded = zplGraphics("^XA^FO0,0^GFA,36,36,12,gHF,\n!\n0F,^FS^XZ");
  REQUIRE(decoded.size() == 1);
  CHECK(decoded[0].width() == 96);
  CHECK(decoded[0].at(87, 0) == 0);
  CHECK(decoded[0].at(88, 0) == 255);
  CHECK(decoded[0].at(95, 1) == 0);
  CHECK(decoded[0].at(3, 2) == 255);
  CHECK(decoded[0].at(4, 2) == 0);
  CHECK(decoded[0].at(8, 2) == 255);
}

TEST_CASE("malformed ZPL is refused", "[labels][zpl]") {
  const char* bad[] = {
      "",
      "^XA^FO0,0^GFA,4,4,2,FFFF^FS",            // no ^XZ
      "^XA^FO0,0^GFA,4,4,2,FFF^FS^XZ",          // too short
      "^XA^FO0,0^GFA,4,4,2,FFFFFFFFFF^FS^XZ",   // too long
      "^XA^FO0,0^GFA,4,5,2,FFFF^FS^XZ",         // inconsistent counts
      "^XA^FO0,0^GFA,4,4,2,FF:F^FS^XZ",         // ':' inside a row
      "^XA^FO0,0^GFA,4,4,2,zF,^FS^XZ",          // run longer than a row
      "^XA^FO0,0^GFA,4,4,2,FFXF^FS^XZ",         // not hex
      "^XA^FO10,0^GFA,4,4,2,FFFF^FS^XZ",        // not at the origin
      "^XA^PW99^FO0,0^GFA,4,4,2,FFFF^FS^XZ",    // ^PW larger than the graphic
      "^XA^BQN,2,5^FDMA,T000000000^FS^XZ",      // no graphic at all
  };
  for (const char* zpl : bad) {
    INFO(zpl);
    CHECK_THROWS_AS(zplGraphics(zpl), LabelError);
  }
}
