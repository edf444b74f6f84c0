#include <catch2/catch.hpp>

#include "LabelTestSupport.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/ImageCodec.h"
#include "natlims/labels/LabelError.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/LabelVerifier.h"
#include "natlims/labels/Scanner.h"
#include "natlims/labels/Zpl.h"

using namespace natlims::labels;
using natlims::domain::CodeKind;
using natlims::domain::makeCodeFromNumber;

namespace {

const std::string kCode = makeCodeFromNumber(CodeKind::Tube, 123456789);

LabelContent sample() { return {kCode, "全民核酸第3轮", 10, "2026-12-01"}; }

LabelConfig layout(double w, double h, int dpi) {
  LabelConfig c;
  c.layout.widthMm = w;
  c.layout.heightMm = h;
  c.layout.dpi = dpi;
  return c;
}

// Ink pixels inside a rectangle of a label bitmap.
int inkIn(const GrayImage& img, int x0, int y0, int x1, int y1) {
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) n += img.at(x, y) == 0;
  return n;
}

}  // namespace

TEST_CASE("labels of every layout have their physical size and decode as a scanner reads them", "[labels][maker]") {
  struct Row {
    double w, h;
    int dpi, widthDots, heightDots, minModule;
  };
  for (const Row& row : {Row{40, 20, 203, 320, 160, 5}, Row{40, 20, 300, 472, 236, 8}, Row{50, 25, 203, 400, 200, 6},
                         Row{50, 25, 300, 591, 295, 10}}) {
    INFO(row.w << "x" << row.h << " mm at " << row.dpi << " dpi");
    LabelMaker maker(layout(row.w, row.h, row.dpi));
    const VerifiedLabel label = maker.render(sample());
    CHECK(label.code == kCode);
    CHECK(label.dpi == row.dpi);
    CHECK(label.image.width() == row.widthDots);
    CHECK(label.image.height() == row.heightDots);
    CHECK(label.qrSize == 21 * row.minModule);
    // Quiet zone of 4 modules on every side of the symbol, inside the label.
    const int quiet = 4 * label.qrSize / 21;
    CHECK(label.qrX >= quiet);
    CHECK(label.qrY >= quiet);
    CHECK(label.qrY + label.qrSize + quiet <= label.image.height());
    CHECK(inkIn(label.image, label.qrX - quiet, label.qrY - quiet, label.qrX + label.qrSize + quiet, label.qrY) == 0);
    // Monochrome, as a thermal printer prints.
    for (auto v : label.image.pixels()) REQUIRE((v == 0 || v == 255));
    // The independent full-label check a scanner would make, and the scanner itself.
    CHECK_NOTHROW(verifyLabelImage(label.image, kCode));
    const auto found = scanImage(label.image);
    REQUIRE(found.size() == 1);
    CHECK(found[0].text == kCode);
    CHECK(found[0].format == SymbolFormat::QRCode);
  }
}

TEST_CASE("the code is printed canonically whatever form it was given in", "[labels][maker]") {
  LabelMaker maker;
  // Lower case, a reading-group separator and look-alike letters are normalised by validateCode.
  std::string typed = kCode;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  typed.insert(4, "-");
  const VerifiedLabel label = maker.render({typed, "", 0, ""});
  CHECK(label.code == kCode);
  CHECK(scanImage(label.image).at(0).text == kCode);
}

TEST_CASE("content that cannot go on a label is refused with the field named", "[labels][maker]") {
  std::string wrongCheck = kCode;
  wrongCheck.back() = wrongCheck.back() == '0' ? '1' : '0';
  struct Row {
    const char* what;
    LabelContent content;
    const char* field;
  };
  const Row rows[] = {
      {"empty code", {"", "", 0, ""}, "code"},
      {"wrong check character", {wrongCheck, "", 0, ""}, "code"},
      {"character outside the alphabet", {"T#23456789", "", 0, ""}, "code"},
      {"code too long", {kCode + "0", "", 0, ""}, "code"},
      {"an ID number is not a code", {"11010519491231002X", "", 0, ""}, "code"},
      {"campaign too long for the label", {kCode, "全民核酸检测第三轮城区重点人群复核", 0, ""}, "campaign"},
      {"campaign over 40 characters", {kCode, std::string(41, 'A'), 0, ""}, "campaign"},
      {"character the font cannot draw", {kCode, "核酸 \xF0\x9F\x98\x80", 0, ""}, "campaign"},
      {"invalid UTF-8", {kCode, "\xC3\x28", 0, ""}, "campaign"},
      {"control character", {kCode, "A\tB", 0, ""}, "campaign"},
      {"negative pool size", {kCode, "", -1, ""}, "pool_size"},
      {"pool size over 99", {kCode, "", 100, ""}, "pool_size"},
      {"date in another form", {kCode, "", 0, "01/12/2026"}, "date"},
      {"no such day", {kCode, "", 0, "2026-02-29"}, "date"},
  };
  LabelMaker maker;
  for (const Row& row : rows) {
    INFO(row.what);
    try {
      maker.render(row.content);
      FAIL("accepted");
    } catch (const ContentError& e) {
      CHECK(e.field() == row.field);
      CHECK(std::string(e.what()).find(row.field) != std::string::npos);
    }
  }
  // A mistyped code is quoted so it can be found; anything else is masked like an ID number.
  try {
    maker.render({wrongCheck, "", 0, ""});
  } catch (const ContentError& e) {
    CHECK(std::string(e.what()).find("'" + wrongCheck + "'") != std::string::npos);
  }
  try {
    maker.render({"11010519491231002X", "", 0, ""});
  } catch (const ContentError& e) {
    CHECK(std::string(e.what()).find("1101**********002X") != std::string::npos);
  }
  // The same refusal holds for every output.
  CHECK_THROWS_AS(maker.zpl(LabelContent{wrongCheck, "", 0, ""}), ContentError);
  CHECK_THROWS_AS(maker.png(LabelContent{wrongCheck, "", 0, ""}), ContentError);
  CHECK_THROWS_AS(maker.svg(LabelContent{wrongCheck, "", 0, ""}), ContentError);
  CHECK_THROWS_AS(maker.pdf({sample(), LabelContent{wrongCheck, "", 0, ""}}), ContentError);
  // A leap day exists in a leap year.
  CHECK_NOTHROW(maker.render({kCode, "", 0, "2028-02-29"}));
}

TEST_CASE("the longest campaign name that fits is limited by the minimum text height", "[labels][maker]") {
  LabelMaker small(layout(40, 20, 203));
  LabelMaker large(layout(50, 25, 203));
  const std::string eight = "全民核酸筛查八字";           // fits 40x20
  const std::string fifteen = "全民核酸检测第三轮城区重点人群";  // too long for 40x20
  CHECK_NOTHROW(small.render({kCode, eight, 10, "2026-12-01"}));
  CHECK_THROWS_AS(small.render({kCode, fifteen, 10, "2026-12-01"}), ContentError);
  CHECK_NOTHROW(large.render({kCode, "全民核酸检测第三轮", 10, "2026-12-01"}));
}

TEST_CASE("Chinese campaign names and pool sizes are drawn, not left blank", "[labels][maker]") {
  LabelMaker maker;
  const VerifiedLabel withText = maker.render(sample());
  const VerifiedLabel without = maker.render({kCode, "", 0, ""});
  const int textLeft = withText.qrX + withText.qrSize + 4 * withText.qrSize / 21;
  const int h = withText.image.height();
  // The lower 40 % of the text column holds the campaign line and the pool/date line.
  const int lower = inkIn(withText.image, textLeft, h * 6 / 10, withText.image.width(), h);
  CHECK(lower > 300);
  CHECK(inkIn(without.image, textLeft, h * 6 / 10, without.image.width(), h) == 0);
  // Two different CJK names give different ink: real glyphs, not one "missing glyph" box.
  const VerifiedLabel other = maker.render({kCode, "核酸复核", 10, "2026-12-01"});
  CHECK(other.image != withText.image);
  // The upper part (the code) is identical.
  CHECK(inkIn(withText.image, textLeft, 0, withText.image.width(), h * 6 / 10) ==
        inkIn(without.image, textLeft, 0, without.image.width(), h * 6 / 10));
}

TEST_CASE("the pool size is printed in the configured language", "[labels][maker]") {
  LabelConfig zh;
  LabelConfig en;
  en.layout.language = LabelLanguage::English;
  LabelMaker chinese(zh), english(en);
  const LabelContent c{kCode, "", 10, ""};
  CHECK(chinese.render(c).image != english.render(c).image);
  CHECK(chinese.render(c).image != chinese.render({kCode, "", 20, ""}).image);
}

TEST_CASE("a label that does not decode to its own code is never output", "[labels][maker]") {
  struct Row {
    const char* what;
    std::function<void(GrayImage&)> damage;
  };
  const Row rows[] = {
      {"symbol wiped", [](GrayImage& g) { std::fill(g.pixels().begin(), g.pixels().end(), 255); }},
      {"one module flipped (level H would still read it)",
       [](GrayImage& g) {
         // Module (10, 10) of the symbol: its centre pixel is flipped, nothing else.
         const int m = g.height() / 29, x = 4 * m + 10 * m + m / 2, y = (g.height() - 21 * m) / 2 + 10 * m + m / 2;
         g.set(x, y, g.at(x, y) == 0 ? 255 : 0);
       }},
      {"ink in the quiet zone", [](GrayImage& g) { g.set(2, g.height() / 2, 0); }},
      {"another code's symbol pasted over", [](GrayImage& g) {
         LabelMaker other;
         const auto label = other.render({makeCodeFromNumber(CodeKind::Tube, 42), "", 0, ""});
         test::paste(g, label.image, 0, 0);
       }}};
  for (const Row& row : rows) {
    INFO(row.what);
    LabelMaker maker;
    maker.setRasterFaultForTesting(row.damage);
    CHECK_THROWS_AS(maker.render(sample()), VerificationError);
    CHECK_THROWS_AS(maker.png(sample()), VerificationError);
    CHECK_THROWS_AS(maker.zpl(sample()), VerificationError);
    CHECK_THROWS_AS(maker.svg(sample()), VerificationError);
    CHECK_THROWS_AS(maker.pdf({sample()}), VerificationError);
  }
}

TEST_CASE("a batch with one label that fails verification yields nothing", "[labels][maker]") {
  LabelMaker maker;
  int rendered = 0;
  maker.setRasterFaultForTesting([&](GrayImage& g) {
    if (++rendered == 3) std::fill(g.pixels().begin(), g.pixels().end(), 255);
  });
  std::vector<LabelContent> batch;
  for (const auto& code : test::randomCodes(5, 7)) batch.push_back({code, "", 0, ""});
  CHECK_THROWS_AS(maker.pdf(batch), VerificationError);
  rendered = 0;
  CHECK_THROWS_AS(maker.zpl(batch), VerificationError);
}

TEST_CASE("the verifier refuses images that do not read the expected code", "[labels][maker]") {
  LabelMaker maker;
  const VerifiedLabel label = maker.render(sample());
  CHECK_NOTHROW(verifyLabelImage(label.image, kCode));
  CHECK_THROWS_AS(verifyLabelImage(label.image, makeCodeFromNumber(CodeKind::Tube, 1)), VerificationError);
  CHECK_THROWS_AS(verifyLabelImage(GrayImage(320, 160), kCode), VerificationError);
  CHECK_THROWS_AS(verifyLabelImage(GrayImage(), kCode), VerificationError);
  // Two symbols on one label: refused even though one of them is right.
  GrayImage twice(label.image.width() * 2, label.image.height());
  test::paste(twice, label.image, 0, 0);
  test::paste(twice, maker.render({makeCodeFromNumber(CodeKind::Box, 5), "", 0, ""}).image, label.image.width(), 0);
  CHECK_THROWS_AS(verifyLabelImage(twice, kCode), VerificationError);
}

TEST_CASE("a font that cannot be loaded is a configuration error", "[labels][maker]") {
  LabelConfig c;
  c.layout.fontFile = "/nonexistent/font.ttf";
  try {
    LabelMaker maker(c);
    FAIL("accepted");
  } catch (const ConfigError& e) {
    CHECK(e.field() == "labels.font_file");
  }
}

TEST_CASE("a layout too small for a readable symbol is refused", "[labels][maker]") {
  try {
    LabelMaker maker(layout(15, 10, 100));
    FAIL("accepted");
  } catch (const ConfigError& e) {
    CHECK(e.field() == "labels.size");
  }
}
