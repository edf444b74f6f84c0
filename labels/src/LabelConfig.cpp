#include "natlims/labels/LabelConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

namespace {

constexpr double kMmPerInch = 25.4;

int toDots(double mm, int dpi) { return static_cast<int>(std::lround(mm * dpi / kMmPerInch)); }

std::string formatMm(double mm) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", mm);
  return buf;
}

// Every getter reads the raw string and parses it here, so that a malformed value is reported
// with its key rather than as Poco's generic SyntaxException.
class Reader {
 public:
  Reader(const Poco::Util::AbstractConfiguration& config, const std::string& prefix)
      : _config(config), _prefix(prefix) {}

  std::string key(const std::string& name) const { return _prefix + "." + name; }

  std::string text(const std::string& name, const std::string& fallback) const {
    return Poco::trim(_config.getString(key(name), fallback));
  }

  double number(const std::string& name, double fallback, double min, double max) const {
    if (!_config.hasProperty(key(name))) return fallback;
    double v = 0;
    const std::string raw = text(name, "");
    if (!Poco::NumberParser::tryParseFloat(raw, v) || !std::isfinite(v))
      throw ConfigError(key(name) + ": '" + raw + "' is not a number", key(name));
    if (v < min || v > max)
      throw ConfigError(key(name) + ": " + raw + " is out of range " + formatMm(min) + ".." + formatMm(max), key(name));
    return v;
  }

  int integer(const std::string& name, int fallback, int min, int max) const {
    if (!_config.hasProperty(key(name))) return fallback;
    int v = 0;
    const std::string raw = text(name, "");
    if (!Poco::NumberParser::tryParse(raw, v))
      throw ConfigError(key(name) + ": '" + raw + "' is not a whole number", key(name));
    if (v < min || v > max)
      throw ConfigError(key(name) + ": " + raw + " is out of range " + std::to_string(min) + ".." + std::to_string(max), key(name));
    return v;
  }

  bool boolean(const std::string& name, bool fallback) const {
    if (!_config.hasProperty(key(name))) return fallback;
    const std::string raw = Poco::toLower(text(name, ""));
    if (raw == "true" || raw == "yes" || raw == "on" || raw == "1") return true;
    if (raw == "false" || raw == "no" || raw == "off" || raw == "0") return false;
    throw ConfigError(key(name) + ": '" + raw + "' is not true or false", key(name));
  }

 private:
  const Poco::Util::AbstractConfiguration& _config;
  std::string _prefix;
};

// "40x20" -> 40, 20 (millimetres).
bool parseSize(const std::string& text, double& width, double& height) {
  const auto x = text.find_first_of("xX");
  if (x == std::string::npos) return false;
  return Poco::NumberParser::tryParseFloat(Poco::trim(text.substr(0, x)), width) &&
         Poco::NumberParser::tryParseFloat(Poco::trim(text.substr(x + 1)), height) && std::isfinite(width) &&
         std::isfinite(height);
}

}  // namespace

int LabelLayout::widthDots() const { return toDots(widthMm, dpi); }
int LabelLayout::heightDots() const { return toDots(heightMm, dpi); }

SheetPlacement placeOnSheet(const SheetGeometry& sheet, const LabelLayout& layout) {
  // Columns that fit: margin + n * width + (n - 1) * gap <= page width - margin (the right margin
  // mirrors the left one, as on commercial label sheets).
  auto fit = [](double page, double margin, double size, double gap) {
    const double usable = page - 2 * margin;
    if (usable < size) return 0;
    return 1 + static_cast<int>(std::floor((usable - size) / (size + gap) + 1e-9));
  };
  SheetPlacement p;
  const int maxColumns = fit(sheet.pageWidthMm, sheet.marginLeftMm, layout.widthMm, sheet.gapXMm);
  const int maxRows = fit(sheet.pageHeightMm, sheet.marginTopMm, layout.heightMm, sheet.gapYMm);
  p.columns = sheet.columns > 0 ? sheet.columns : maxColumns;
  p.rows = sheet.rows > 0 ? sheet.rows : maxRows;
  return p;
}

void validateLabelConfig(const LabelConfig& config) {
  const LabelLayout& l = config.layout;
  const SheetGeometry& s = config.sheet;
  if (l.widthMm < 15 || l.widthMm > 150) throw ConfigError("labels.size: width must be 15..150 mm", "labels.size");
  if (l.heightMm < 10 || l.heightMm > 100) throw ConfigError("labels.size: height must be 10..100 mm", "labels.size");
  if (l.widthMm < l.heightMm * 1.5)
    throw ConfigError("labels.size: a label must be at least 1.5 times as wide as high (QR code left, text right)",
                      "labels.size");
  if (l.dpi < 100 || l.dpi > 600) throw ConfigError("labels.dpi: must be 100..600", "labels.dpi");
  if (l.marginMm < 0 || l.marginMm > l.heightMm / 4)
    throw ConfigError("labels.margin_mm: must be 0.." + formatMm(l.heightMm / 4) + " for this label height",
                      "labels.margin_mm");
  if (l.minTextMm < 0.8 || l.minTextMm > 10) throw ConfigError("labels.min_text_mm: must be 0.8..10", "labels.min_text_mm");
  if (l.fontFile.empty()) throw ConfigError("labels.font_file: must name a font file", "labels.font_file");

  if (s.pageWidthMm < 50 || s.pageWidthMm > 1000 || s.pageHeightMm < 50 || s.pageHeightMm > 1000)
    throw ConfigError("labels.sheet.page: page sides must be 50..1000 mm", "labels.sheet.page");
  const SheetPlacement p = placeOnSheet(s, l);
  const double usedWidth = s.marginLeftMm + p.columns * l.widthMm + (p.columns - 1) * s.gapXMm;
  const double usedHeight = s.marginTopMm + p.rows * l.heightMm + (p.rows - 1) * s.gapYMm;
  if (p.columns < 1 || usedWidth > s.pageWidthMm + 1e-9)
    throw ConfigError("labels.sheet.columns: " + std::to_string(std::max(p.columns, 1)) + " labels of " +
                          formatMm(l.widthMm) + " mm with " + formatMm(s.gapXMm) + " mm gaps and a " +
                          formatMm(s.marginLeftMm) + " mm margin do not fit a " + formatMm(s.pageWidthMm) +
                          " mm wide page",
                      "labels.sheet.columns");
  if (p.rows < 1 || usedHeight > s.pageHeightMm + 1e-9)
    throw ConfigError("labels.sheet.rows: " + std::to_string(std::max(p.rows, 1)) + " rows of " +
                          formatMm(l.heightMm) + " mm with " + formatMm(s.gapYMm) + " mm gaps and a " +
                          formatMm(s.marginTopMm) + " mm margin do not fit a " + formatMm(s.pageHeightMm) +
                          " mm high page",
                      "labels.sheet.rows");
}

LabelConfig loadLabelConfig(const Poco::Util::AbstractConfiguration& config, const std::string& prefix) {
  const Reader r(config, prefix);
  LabelConfig c;
  LabelLayout& l = c.layout;

  const std::string size = r.text("size", "40x20");
  if (!parseSize(size, l.widthMm, l.heightMm))
    throw ConfigError(r.key("size") + ": '" + size + "' is not WIDTHxHEIGHT in millimetres (e.g. 40x20)", r.key("size"));
  l.dpi = r.integer("dpi", l.dpi, 100, 600);
  l.marginMm = r.number("margin_mm", l.marginMm, 0, 25);
  l.minTextMm = r.number("min_text_mm", l.minTextMm, 0.8, 10);
  l.fontFile = r.text("font_file", l.fontFile);
  const std::string language = Poco::toLower(r.text("language", "zh"));
  if (language == "zh") l.language = LabelLanguage::Chinese;
  else if (language == "en") l.language = LabelLanguage::English;
  else throw ConfigError(r.key("language") + ": '" + language + "' is not zh or en", r.key("language"));

  SheetGeometry& s = c.sheet;
  const std::string page = r.text("sheet.page", "A4");
  if (Poco::icompare(page, "A4") == 0) {
    s.pageWidthMm = 210;
    s.pageHeightMm = 297;
  } else if (Poco::icompare(page, "letter") == 0) {
    s.pageWidthMm = 215.9;
    s.pageHeightMm = 279.4;
  } else if (!parseSize(page, s.pageWidthMm, s.pageHeightMm)) {
    throw ConfigError(r.key("sheet.page") + ": '" + page + "' is not A4, letter or WIDTHxHEIGHT in millimetres",
                      r.key("sheet.page"));
  }
  s.marginLeftMm = r.number("sheet.margin_left_mm", s.marginLeftMm, 0, 200);
  s.marginTopMm = r.number("sheet.margin_top_mm", s.marginTopMm, 0, 200);
  s.gapXMm = r.number("sheet.gap_x_mm", s.gapXMm, 0, 100);
  s.gapYMm = r.number("sheet.gap_y_mm", s.gapYMm, 0, 100);
  s.columns = r.integer("sheet.columns", s.columns, 0, 50);
  s.rows = r.integer("sheet.rows", s.rows, 0, 100);
  s.cutMarks = r.boolean("sheet.cut_marks", s.cutMarks);

  PrinterOptions& p = c.printer;
  p.timeoutMs = r.integer("printer.timeout_ms", p.timeoutMs, 100, 600000);
  p.retries = r.integer("printer.retries", p.retries, 0, 20);
  p.retryDelayMs = r.integer("printer.retry_delay_ms", p.retryDelayMs, 0, 60000);

  validateLabelConfig(c);
  return c;
}

LabelConfig loadLabelConfigFile(const std::string& path) {
  std::ifstream probe(path);
  if (!probe) throw ConfigError("cannot read configuration file " + path, "config");
  Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini;
  try {
    ini = new Poco::Util::IniFileConfiguration(probe);
  } catch (const Poco::Exception& e) {
    throw ConfigError("cannot read configuration file " + path + ": " + e.displayText(), "config");
  }
  return loadLabelConfig(*ini);
}

}  // namespace natlims::labels
