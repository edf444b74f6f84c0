// Thousands of random codes through every output format and back through a decoder: PNG bytes
// decoded by libpng, ZPL parsed back to its graphic, SVG rendered by librsvg (rsvg-convert) and
// PDF pages rendered by poppler (pdftoppm), then scanned with ZXing-cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "LabelTestSupport.h"
#include "natlims/labels/ImageCodec.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/Scanner.h"
#include "natlims/labels/Zpl.h"

using namespace natlims::labels;

namespace {

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size())
    text.replace(pos, from.size(), to);
  return text;
}

const ScanOptions kFlat{false, false, 4};  // flat, upright scans

// The one code found in `img`, or "" (with a note) when there is not exactly one.
std::string onlyCode(const GrayImage& img) {
  const auto found = scanImage(img, kFlat);
  if (found.size() != 1) return "<" + std::to_string(found.size()) + " codes>";
  return found[0].text;
}

}  // namespace

TEST_CASE("round trip: 2000 random codes as PNG", "[labels][roundtrip]") {
  LabelMaker maker;
  const auto codes = test::randomCodes(2000, 101);
  for (const auto& code : codes) {
    const std::string png = maker.png({code, "全民核酸", 10, "2026-12-01"});
    const GrayImage back = decodeImage(png);
    REQUIRE(back.width() == 320);
    REQUIRE(onlyCode(back) == code);
  }
}

TEST_CASE("round trip: 2000 random codes as ZPL, the printed graphic equal to the verified bitmap", "[labels][roundtrip]") {
  LabelConfig config;
  config.layout.dpi = 300;
  LabelMaker maker(config);
  const auto codes = test::randomCodes(2000, 102);
  std::vector<LabelContent> batch;
  for (const auto& code : codes) batch.push_back({code, "Round 3", 20, "2026-12-02"});
  const std::string zpl = maker.zpl(batch);
  const auto graphics = zplGraphics(zpl);
  REQUIRE(graphics.size() == codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    REQUIRE(graphics[i].width() == 472);
    REQUIRE(onlyCode(graphics[i]) == codes[i]);
  }
  // Spot check: the graphic is exactly the rendered label.
  CHECK(graphics[17] == maker.render(batch[17]).image);
}

TEST_CASE("round trip: 1000 random codes as SVG rendered by librsvg", "[labels][roundtrip]") {
  LabelMaker maker;
  test::TempDir dir;
  const auto codes = test::randomCodes(1000, 103);
  // rsvg-convert once per 100 labels: the label files are nested, 10 x 10, in one page, their
  // element ids prefixed so that glyph definitions of different labels do not collide.
  const int perPage = 100, columns = 10, dpi = 150;  // 150 dpi: QR modules of 3.7 pixels
  const double wPt = 320 * 72.0 / 203, hPt = 160 * 72.0 / 203, gapPt = 6;
  for (std::size_t page = 0; page * perPage < codes.size(); ++page) {
    std::string doc = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"" +
                      std::to_string(columns * (wPt + gapPt)) + "pt\" height=\"" +
                      std::to_string(10 * (hPt + gapPt)) + "pt\" viewBox=\"0 0 " +
                      std::to_string(columns * (wPt + gapPt)) + " " + std::to_string(10 * (hPt + gapPt)) + "\">\n";
    for (int k = 0; k < perPage; ++k) {
      const std::string& code = codes[page * perPage + static_cast<std::size_t>(k)];
      // Latin text keeps the 100-label pages light for librsvg; the single file below is Chinese.
      std::string svg = maker.svg({code, "Round 3", 10, "2026-12-01"});
      svg = svg.substr(svg.find("<svg"));  // without the XML declaration
      const std::string prefix = "L" + std::to_string(k) + "-";
      svg = replaceAll(svg, "id=\"", "id=\"" + prefix);
      svg = replaceAll(svg, "href=\"#", "href=\"#" + prefix);
      svg = replaceAll(svg, "url(#", "url(#" + prefix);
      // The label's root element becomes a nested viewport at its place on the page, sized in
      // the page's units (points).
      const double x = (k % columns) * (wPt + gapPt), y = (k / columns) * (hPt + gapPt);
      const auto w = svg.find(" width=\""), h = svg.find(" height=\"");
      REQUIRE(w < svg.find('>'));
      const std::string width = svg.substr(w + 8, svg.find("pt\"", w) - (w + 8));
      const std::string height = svg.substr(h + 9, svg.find("pt\"", h) - (h + 9));
      svg = svg.substr(0, w) + " x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" + width +
            "\" height=\"" + height + "\"" + svg.substr(svg.find('"', svg.find("pt\"", h)) + 1);
      doc += svg;
    }
    doc += "</svg>\n";
    const std::string path = dir.file("page" + std::to_string(page) + ".svg");
    test::writeFile(path, doc);
    const GrayImage img = test::renderSvg(path, dpi, dir);
    const double pxPerPt = dpi / 72.0;
    for (int k = 0; k < perPage; ++k) {
      const int x = static_cast<int>((k % columns) * (wPt + gapPt) * pxPerPt);
      const int y = static_cast<int>((k / columns) * (hPt + gapPt) * pxPerPt);
      REQUIRE(onlyCode(test::crop(img, x, y, static_cast<int>(wPt * pxPerPt), static_cast<int>(hPt * pxPerPt))) ==
              codes[page * perPage + static_cast<std::size_t>(k)]);
    }
  }
  // And one label file on its own, as lims-labels writes it, with a Chinese campaign name.
  test::writeFile(dir.file(codes[0] + ".svg"), maker.svg({codes[0], "全民核酸", 10, "2026-12-01"}));
  const GrayImage single = test::renderSvg(dir.file(codes[0] + ".svg"), 300, dir);
  CHECK(single.width() == 473);  // 40 mm (320 dots at 203 dpi) drawn at 300 dpi
  CHECK(onlyCode(single) == codes[0]);
}

TEST_CASE("round trip: 1000 random codes on A4 PDF sheets rendered by pdftoppm", "[labels][roundtrip]") {
  LabelConfig config;
  config.sheet.cutMarks = true;
  LabelMaker maker(config);
  test::TempDir dir;
  const auto codes = test::randomCodes(1000, 104);
  std::vector<LabelContent> batch;
  for (const auto& code : codes) batch.push_back({code, "全民核酸", 10, "2026-12-01"});
  const std::string pdfPath = dir.file("sheets.pdf");
  test::writeFile(pdfPath, maker.pdf(batch));
  const int dpi = 150;
  const auto pages = test::renderPdf(pdfPath, dpi, dir);
  const SheetPlacement place = placeOnSheet(config.sheet, config.layout);
  REQUIRE(place.perPage() == 48);
  REQUIRE(pages.size() == (codes.size() + 47) / 48);
  REQUIRE(std::abs(pages[0].width() - 1240) <= 1);  // A4 at 150 dpi
  std::vector<GrayImage> cells;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i % 48 == 0) cells = test::sheetCells(pages[i / 48], config, dpi);
    const GrayImage& cell = cells[i % 48];
    INFO("label " << i);
    REQUIRE(onlyCode(cell) == codes[i]);
  }
}
