#pragma once

#include <string>
#include <vector>

#include "QrSymbol.h"

namespace natlims::labels {

/// One line of text on a label, in dots: left edge, baseline, font size (em) in dots.
struct TextRun {
  std::string text;
  double x = 0;
  double baseline = 0;
  double fontSize = 0;
  bool perLabel = false;  ///< true for the code lines; the other lines repeat along a batch
};

/// Everything needed to draw one label, in dots of the layout's resolution: the raster, the SVG
/// and the PDF are all drawn from one plan, so they show the same thing.
struct LabelPlan {
  int width = 0;
  int height = 0;
  int dpi = 0;
  std::string code;  ///< canonical code the QR symbol encodes
  QrSymbol qr;
  int qrX = 0;       ///< top-left corner of the symbol (its quiet zone lies around it)
  int qrY = 0;
  int module = 0;    ///< dots per module
  std::vector<TextRun> text;
};

}  // namespace natlims::labels
