#pragma once

#include <cairo.h>

#include "LabelPlan.h"

namespace natlims::labels {

enum class DrawMode {
  Raster,  ///< ink only, no anti-aliasing (the caller clears the A8 surface): a monochrome bitmap
  Vector,  ///< white label background and black ink, for SVG and PDF surfaces
};

enum class TextSelection { All, PerLabel, Repeated };

/// Draws the whole of `plan` in its own units (dots; scale the context for points).
void drawPlan(cairo_t* cr, const LabelPlan& plan, cairo_font_face_t* face, DrawMode mode);

/// Draws the QR symbol of `plan` only.
void drawPlanSymbol(cairo_t* cr, const LabelPlan& plan, DrawMode mode);

/// Draws the selected text lines of `plan` only.
void drawPlanText(cairo_t* cr, const LabelPlan& plan, cairo_font_face_t* face, DrawMode mode, TextSelection which);

}  // namespace natlims::labels
