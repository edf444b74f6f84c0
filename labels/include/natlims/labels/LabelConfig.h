#pragma once

#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace natlims::labels {

/// The language of the fixed words printed on a label (the pool size).
enum class LabelLanguage { Chinese, English };

/// The physical label: its size, the printer's resolution and the font. Every field has the
/// default written beside it; config/labels.ini documents the same values.
struct LabelLayout {
  double widthMm = 40.0;   ///< Default 40 (40x20 mm and 50x25 mm are the common tube labels).
  double heightMm = 20.0;  ///< Default 20.
  int dpi = 203;           ///< Default 203; thermal printers are 203 or 300 dpi (100..600 accepted).
  double marginMm = 1.0;   ///< Default 1.0: blank border against die-cut drift (the QR quiet zone counts).
  double minTextMm = 1.5;  ///< Default 1.5: smallest character height allowed; longer text is an error.
  std::string fontFile = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";  ///< Default WenQuanYi Micro Hei.
  LabelLanguage language = LabelLanguage::Chinese;                          ///< Default Chinese.

  int widthDots() const;
  int heightDots() const;
};

/// Where labels go on a PDF page (A4 label sheets). Labels are placed row by row from the top
/// left corner, `gapX`/`gapY` apart; columns/rows 0 mean "as many as fit".
struct SheetGeometry {
  double pageWidthMm = 210.0;   ///< Default 210 (A4).
  double pageHeightMm = 297.0;  ///< Default 297 (A4).
  double marginLeftMm = 10.0;   ///< Default 10.
  double marginTopMm = 10.0;    ///< Default 10.
  double gapXMm = 2.0;          ///< Default 2: between two labels side by side.
  double gapYMm = 2.0;          ///< Default 2: between two rows.
  int columns = 0;              ///< Default 0 = as many as fit.
  int rows = 0;                 ///< Default 0 = as many as fit.
  bool cutMarks = false;        ///< Default false: hairline outline around each label (plain paper).
};

/// Sending to a raw (port 9100) label printer.
struct PrinterOptions {
  int timeoutMs = 5000;     ///< Default 5000: for connecting and for each send.
  int retries = 2;          ///< Default 2: further connection attempts after the first fails.
  int retryDelayMs = 500;   ///< Default 500: wait before each retry (doubled each time).
};

/// Everything the `[labels]` section of a configuration file sets.
struct LabelConfig {
  LabelLayout layout;
  SheetGeometry sheet;
  PrinterOptions printer;
};

/// Reads `<prefix>.*` keys (config/labels.ini documents them all), each missing key taking its
/// default. Throws ConfigError naming the key on a value that is malformed or out of range, and
/// on a sheet geometry that cannot hold one label.
LabelConfig loadLabelConfig(const Poco::Util::AbstractConfiguration& config, const std::string& prefix = "labels");

/// loadLabelConfig on an INI file; ConfigError (field "config") when the file cannot be read.
LabelConfig loadLabelConfigFile(const std::string& path);

/// Checks a layout and a sheet (the checks loadLabelConfig makes) and throws ConfigError naming
/// the key. Useful when a program builds a LabelConfig itself.
void validateLabelConfig(const LabelConfig& config);

/// The labels per page and their placement for `layout` on `sheet`.
struct SheetPlacement {
  int columns = 0;
  int rows = 0;
  int perPage() const { return columns * rows; }
};
SheetPlacement placeOnSheet(const SheetGeometry& sheet, const LabelLayout& layout);

}  // namespace natlims::labels
