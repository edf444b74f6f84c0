// Scanning generated images as a station camera or a phone screenshot would give them: rotated,
// scaled down, blurred, noisy, dim, JPEG-compressed, and several codes in one picture.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <set>

#include "LabelTestSupport.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/ImageCodec.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/Scanner.h"

using namespace natlims::labels;
using natlims::domain::CodeKind;
using natlims::domain::makeCodeFromNumber;

namespace {

struct Symbol {
  const char* format;
  SymbolFormat expected;
  std::string text;
  int module;
};

std::vector<Symbol> symbols() {
  return {
      {"QRCode", SymbolFormat::QRCode, makeCodeFromNumber(CodeKind::Tube, 777), 6},
      {"Code128", SymbolFormat::Code128, makeCodeFromNumber(CodeKind::Box, 4242), 3},
      {"DataMatrix", SymbolFormat::DataMatrix, makeCodeFromNumber(CodeKind::Courier, 99), 12},
      // A pre-registration payload is longer text: PDF417 and QR carry it.
      {"PDF417", SymbolFormat::PDF417, "NLPR1.id=resident_id;n=3;t=2026-12-01", 3},
  };
}

// The symbol on a 1280x720 grey-white camera-like frame at (x, y).
GrayImage onFrame(const GrayImage& symbol, int x, int y) {
  GrayImage frame(1280, 720, 235);
  test::paste(frame, symbol, x, y);
  return frame;
}

bool contains(int x0, int y0, int x1, int y1, ImagePoint p) { return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1; }

}  // namespace

TEST_CASE("every symbology is found with its format, text and position", "[labels][scan]") {
  for (const Symbol& s : symbols()) {
    INFO(s.format);
    const GrayImage symbol = test::drawSymbol(s.format, s.text, s.module);
    const int x = 300, y = 150;
    const auto found = scanImage(onFrame(symbol, x, y));
    REQUIRE(found.size() == 1);
    CHECK(found[0].format == s.expected);
    CHECK(symbolFormatName(found[0].format) == s.format);
    CHECK(found[0].text == s.text);
    for (const ImagePoint& p : found[0].corners) CHECK(contains(x, y, x + symbol.width(), y + symbol.height(), p));
    // Corners run clockwise from the top-left of an upright symbol.
    CHECK(found[0].corners[0].x < found[0].corners[1].x);
    CHECK(found[0].corners[1].y < found[0].corners[2].y);
  }
}

TEST_CASE("distorted images of each symbology still scan", "[labels][scan]") {
  struct Distortion {
    const char* name;
    std::function<GrayImage(const GrayImage&)> apply;
  };
  const Distortion distortions[] = {
      {"rotated 90", [](const GrayImage& g) { return test::rotate(g, 90); }},
      {"rotated 180", [](const GrayImage& g) { return test::rotate(g, 180); }},
      {"rotated 8 degrees (PDF417 in ZXing-cpp 1.4 reads up to about 9)", [](const GrayImage& g) { return test::rotate(g, 8); }},
      {"scaled down to 60 %", [](const GrayImage& g) { return test::scale(g, 0.6); }},
      {"blurred", [](const GrayImage& g) { return test::blur(g, 1); }},
      {"noised", [](const GrayImage& g) { return test::addNoise(g, 15, 5); }},
      {"dim and washed out", [](const GrayImage& g) { return test::lowContrast(g, 90, 170); }},
      {"JPEG quality 40", [](const GrayImage& g) { return decodeImage(test::encodeJpeg(g, 40)); }},
      {"rotated, scaled down, blurred and noised",
       [](const GrayImage& g) { return test::addNoise(test::blur(test::scale(test::rotate(g, -7), 0.9), 1), 10, 9); }},
  };
  for (const Symbol& s : symbols()) {
    const GrayImage symbol = test::drawSymbol(s.format, s.text, s.module);
    for (const Distortion& d : distortions) {
      INFO(s.format << ", " << d.name);
      // Aimed at, as a station camera is: the symbol over the frame's centre.
      const GrayImage distorted = d.apply(onFrame(symbol, 640 - symbol.width() / 2 + 40, 360 - symbol.height() / 2 - 30));
      const auto found = scanImage(distorted);
      REQUIRE(found.size() == 1);
      CHECK(found[0].format == s.expected);
      CHECK(found[0].text == s.text);
    }
  }
}

TEST_CASE("a rendered label photographed askew and small still scans", "[labels][scan]") {
  LabelMaker maker;
  const std::string code = makeCodeFromNumber(CodeKind::Tube, 31337);
  const GrayImage label = maker.render({code, "全民核酸", 10, "2026-12-01"}).image;
  const GrayImage photo = test::addNoise(test::blur(test::scale(test::rotate(onFrame(label, 500, 300), 25), 0.7), 1), 10, 3);
  const auto found = scanImage(photo);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == code);
}

TEST_CASE("a composite with several codes returns each once, in reading order", "[labels][scan]") {
  GrayImage frame(1280, 720, 240);
  const auto all = symbols();
  // Two rows of two; the last one rotated a little.
  const int xs[] = {60, 700, 60, 700};
  const int ys[] = {40, 40, 380, 380};
  for (std::size_t i = 0; i < all.size(); ++i) {
    GrayImage symbol = test::drawSymbol(all[i].format, all[i].text, all[i].module);
    if (i == 3) symbol = test::rotate(symbol, 8);
    test::paste(frame, symbol, xs[i], ys[i]);
  }
  // A second QR code, a label's own.
  LabelMaker maker;
  const std::string labelCode = makeCodeFromNumber(CodeKind::Tube, 5150);
  test::paste(frame, maker.render({labelCode, "", 0, ""}).image, 380, 560);
  ScanOptions sweep;
  sweep.sweepDataMatrix = true;  // the DataMatrix is off the frame's centre lines
  const auto found = scanImage(frame, sweep);
  REQUIRE(found.size() == 5);
  std::vector<std::string> texts;
  for (const auto& f : found) texts.push_back(f.text);
  // Sorted top to bottom, then left to right, by centre.
  CHECK(texts[0] == all[0].text);
  CHECK(texts[1] == all[1].text);
  CHECK(std::find(texts.begin(), texts.end(), all[2].text) != texts.end());
  CHECK(std::find(texts.begin(), texts.end(), all[3].text) != texts.end());
  CHECK(texts[4] == labelCode);
  for (std::size_t i = 1; i < found.size(); ++i) CHECK(found[i - 1].center().y <= found[i].center().y);
}

TEST_CASE("the DataMatrix sweep finds several DataMatrix symbols anywhere in a frame", "[labels][scan]") {
  GrayImage frame(1280, 720, 240);
  std::vector<std::string> texts;
  const int xs[] = {40, 500, 960, 200, 900};
  const int ys[] = {30, 60, 20, 440, 420};
  for (int i = 0; i < 5; ++i) {
    texts.push_back(makeCodeFromNumber(CodeKind::Tube, 1000u + static_cast<unsigned>(i)));
    GrayImage symbol = test::drawSymbol("DataMatrix", texts.back(), 10);
    if (i == 4) symbol = test::rotate(symbol, 90);
    test::paste(frame, symbol, xs[i], ys[i]);
  }
  CHECK(scanImage(frame).size() < 5);  // without the sweep, ZXing-cpp 1.4 misses some
  ScanOptions sweep;
  sweep.sweepDataMatrix = true;
  const auto found = scanImage(frame, sweep);
  std::set<std::string> got;
  for (const auto& f : found) {
    CHECK(f.format == SymbolFormat::DataMatrix);
    got.insert(f.text);
  }
  CHECK(found.size() == 5);
  CHECK(got == std::set<std::string>(texts.begin(), texts.end()));
}

TEST_CASE("several Code 128 symbols in one frame are each found once", "[labels][scan]") {
  GrayImage frame(1280, 720, 240);
  std::vector<std::string> texts;
  for (int i = 0; i < 4; ++i) {
    texts.push_back(makeCodeFromNumber(CodeKind::Box, 70u + static_cast<unsigned>(i)));
    test::paste(frame, test::drawSymbol("Code128", texts.back(), 3), 80 + (i % 2) * 620, 60 + (i / 2) * 330);
  }
  const auto found = scanImage(frame);
  REQUIRE(found.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(found[i].format == SymbolFormat::Code128);
    CHECK(found[i].text == texts[i]);  // reading order: top row left to right, then the bottom row
  }
}

TEST_CASE("an image without a code gives an empty list, not an error", "[labels][scan]") {
  CHECK(scanImage(GrayImage(1280, 720, 255)).empty());
  CHECK(scanImage(test::addNoise(GrayImage(640, 480, 128), 40, 1)).empty());
  CHECK(scanImage(GrayImage()).empty());
}

TEST_CASE("PNG and JPEG files of any colour type are scanned", "[labels][scan]") {
  test::TempDir dir;
  const Symbol s = symbols()[0];
  const GrayImage frame = onFrame(test::drawSymbol(s.format, s.text, s.module), 400, 200);
  test::writeFile(dir.file("frame.png"), encodePng(frame));
  test::writeFile(dir.file("frame.jpg"), test::encodeJpeg(frame, 80));
  for (const char* name : {"frame.png", "frame.jpg"}) {
    INFO(name);
    const auto found = scanImageFile(dir.file(name));
    REQUIRE(found.size() == 1);
    CHECK(found[0].text == s.text);
  }
}
