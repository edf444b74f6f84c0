#include <Poco/AutoPtr.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <catch2/catch.hpp>

#include <sstream>

#include "natlims/labels/LabelConfig.h"
#include "natlims/labels/LabelError.h"

using namespace natlims::labels;

namespace {

LabelConfig load(const std::string& ini) {
  std::istringstream in(ini);
  Poco::AutoPtr<Poco::Util::IniFileConfiguration> config = new Poco::Util::IniFileConfiguration(in);
  return loadLabelConfig(*config);
}

}  // namespace

TEST_CASE("config/labels.ini states the built-in defaults", "[labels][config]") {
  const LabelConfig file = loadLabelConfigFile(NATLIMS_SOURCE_DIR "/config/labels.ini");
  const LabelConfig builtIn;
  CHECK(file.layout.widthMm == builtIn.layout.widthMm);
  CHECK(file.layout.heightMm == builtIn.layout.heightMm);
  CHECK(file.layout.dpi == builtIn.layout.dpi);
  CHECK(file.layout.marginMm == builtIn.layout.marginMm);
  CHECK(file.layout.minTextMm == builtIn.layout.minTextMm);
  CHECK(file.layout.fontFile == builtIn.layout.fontFile);
  CHECK(file.layout.language == builtIn.layout.language);
  CHECK(file.sheet.pageWidthMm == builtIn.sheet.pageWidthMm);
  CHECK(file.sheet.pageHeightMm == builtIn.sheet.pageHeightMm);
  CHECK(file.sheet.marginLeftMm == builtIn.sheet.marginLeftMm);
  CHECK(file.sheet.gapYMm == builtIn.sheet.gapYMm);
  CHECK(file.sheet.columns == builtIn.sheet.columns);
  CHECK(file.sheet.cutMarks == builtIn.sheet.cutMarks);
  CHECK(file.printer.timeoutMs == builtIn.printer.timeoutMs);
  CHECK(file.printer.retries == builtIn.printer.retries);
  CHECK(file.printer.retryDelayMs == builtIn.printer.retryDelayMs);
}

TEST_CASE("label settings are read from a [labels] section", "[labels][config]") {
  const LabelConfig c = load(
      "[labels]\nsize = 50x25\ndpi = 300\nlanguage = en\nsheet.page = letter\nsheet.columns = 3\n"
      "sheet.cut_marks = yes\nprinter.retries = 0\n");
  CHECK(c.layout.widthMm == 50);
  CHECK(c.layout.heightMm == 25);
  CHECK(c.layout.dpi == 300);
  CHECK(c.layout.widthDots() == 591);
  CHECK(c.layout.heightDots() == 295);
  CHECK(c.layout.language == LabelLanguage::English);
  CHECK(c.sheet.pageWidthMm == Approx(215.9));
  CHECK(c.sheet.columns == 3);
  CHECK(c.sheet.cutMarks);
  CHECK(c.printer.retries == 0);
}

TEST_CASE("a bad label setting is refused with its key named", "[labels][config]") {
  struct Row {
    const char* ini;
    const char* key;
  };
  const Row rows[] = {
      {"size = 40", "labels.size"},
      {"size = 40x", "labels.size"},
      {"size = 10x20", "labels.size"},     // narrower than 1.5 x height
      {"size = 400x200", "labels.size"},   // too large
      {"dpi = 72", "labels.dpi"},
      {"dpi = 203dpi", "labels.dpi"},
      {"margin_mm = -1", "labels.margin_mm"},
      {"min_text_mm = 0.1", "labels.min_text_mm"},
      {"language = fr", "labels.language"},
      {"sheet.page = A3x", "labels.sheet.page"},
      {"sheet.columns = 6", "labels.sheet.columns"},  // 6 x 40 mm do not fit 210 mm
      {"sheet.rows = 14", "labels.sheet.rows"},       // 14 x 22 mm do not fit 297 mm
      {"sheet.gap_x_mm = x", "labels.sheet.gap_x_mm"},
      {"sheet.cut_marks = maybe", "labels.sheet.cut_marks"},
      {"printer.timeout_ms = 0", "labels.printer.timeout_ms"},
      {"printer.retries = 99", "labels.printer.retries"},
  };
  for (const Row& row : rows) {
    INFO(row.ini);
    try {
      load(std::string("[labels]\n") + row.ini + "\n");
      FAIL("accepted");
    } catch (const ConfigError& e) {
      CHECK(e.field() == row.key);
      CHECK(std::string(e.what()).find(row.key) != std::string::npos);
    }
  }
}

TEST_CASE("labels fill an A4 sheet as far as they fit", "[labels][config]") {
  struct Row {
    double w, h;
    int columns, rows;
  };
  // usable 190 x 277 mm, gaps 2 mm: 4 x 12 labels of 40x20, 3 x 10 of 50x25
  for (const Row& row : {Row{40, 20, 4, 12}, Row{50, 25, 3, 10}, Row{60, 30, 3, 8}}) {
    LabelLayout layout;
    layout.widthMm = row.w;
    layout.heightMm = row.h;
    const SheetPlacement p = placeOnSheet(SheetGeometry{}, layout);
    INFO(row.w << "x" << row.h);
    CHECK(p.columns == row.columns);
    CHECK(p.rows == row.rows);
  }
}

TEST_CASE("a missing configuration file is an error naming it", "[labels][config]") {
  try {
    loadLabelConfigFile("/nonexistent/labels.ini");
    FAIL("accepted");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("/nonexistent/labels.ini") != std::string::npos);
  }
}
