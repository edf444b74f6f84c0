#pragma once

#include <cairo.h>

#include "LabelFont.h"
#include "LabelPlan.h"
#include "natlims/labels/LabelConfig.h"
#include "natlims/labels/LabelContent.h"

namespace natlims::labels {

/// Lays labels out: the QR symbol on the left, as high as the label allows with its 4-module
/// quiet zone; on the right, the code in two lines of reading groups ("T3K7" / "9QW 4XA"), the
/// campaign's short name, and the pool size with the date. Checks content (ContentError naming
/// the field). Non-copyable, not thread-safe (it measures text with its own cairo context).
class LabelPlanner {
 public:
  /// Throws ConfigError when the layout cannot hold a readable QR symbol and its text.
  LabelPlanner(const LabelLayout& layout, const LabelFont& font);
  ~LabelPlanner();
  LabelPlanner(const LabelPlanner&) = delete;
  LabelPlanner& operator=(const LabelPlanner&) = delete;

  LabelPlan plan(const LabelContent& content);

  /// The modules per side of the symbols this layout is built for (21: QR version 1).
  static constexpr int kModules = 21;
  static constexpr int kQuietModules = 4;

 private:
  struct Box {
    double x, y, w, h;
  };
  struct Extents {
    double advance, inkTop, inkBottom, inkLeft;  // at the reference size
  };

  Extents measure(const std::string& text);
  double fitSize(const std::string& text, const Box& box, double maxSize);
  TextRun placeLine(const std::string& text, const Box& box, double size);
  double inkStart(const std::string& text, const Box& box, double size);
  std::string poolText(int poolSize) const;

  LabelLayout _layout;
  const LabelFont& _font;
  cairo_surface_t* _scratch = nullptr;
  cairo_t* _cr = nullptr;
  double _ascent = 0;   // font ascent and descent at the reference size
  double _descent = 0;
  int _module = 0;
  int _qrX = 0;
  int _qrY = 0;
  Box _codeLine1{}, _codeLine2{}, _campaignLine{}, _infoLine{};
  double _codeSize = 0;
  double _codeInkTop = 0;
  double _codeInkHeight = 0;
  double _minTextDots = 0;
};

}  // namespace natlims::labels
