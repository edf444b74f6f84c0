#pragma once

#include <cairo.h>

#include <string>
#include <vector>

#include "LabelPlan.h"
#include "natlims/labels/GrayImage.h"

namespace natlims::labels {

/// Draws plans into a reused monochrome surface. Non-copyable, not thread-safe.
///
/// Labels of a batch differ only in their code: the lines that repeat (campaign, pool size,
/// date) are drawn once and kept, and the QR modules are set directly in the bitmap, so that a
/// label costs little more than its two code lines.
class LabelRaster {
 public:
  LabelRaster(int width, int height);
  ~LabelRaster();
  LabelRaster(const LabelRaster&) = delete;
  LabelRaster& operator=(const LabelRaster&) = delete;

  /// The plan as a bitmap of 0 (ink) and 255 (paper), plan.width x plan.height.
  GrayImage draw(const LabelPlan& plan, cairo_font_face_t* face);

 private:
  void clearSurface();

  int _width;
  int _height;
  cairo_surface_t* _surface = nullptr;  // A8: alpha is ink
  cairo_t* _cr = nullptr;
  std::string _repeatedKey;             // the repeated lines _repeatedInk holds
  std::vector<unsigned char> _repeatedInk;
};

}  // namespace natlims::labels
