#include "PlanDrawing.h"

namespace natlims::labels {

void drawPlan(cairo_t* cr, const LabelPlan& plan, cairo_font_face_t* face, DrawMode mode) {
  if (mode == DrawMode::Vector) {
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, plan.width, plan.height);
    cairo_fill(cr);
    cairo_restore(cr);
  }
  drawPlanSymbol(cr, plan, mode);
  drawPlanText(cr, plan, face, mode, TextSelection::All);
}

void drawPlanSymbol(cairo_t* cr, const LabelPlan& plan, DrawMode mode) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  // One rectangle per horizontal run of dark modules, all filled at once. With anti-aliasing
  // off and whole-dot coordinates the raster is exact; in vector output runs of adjacent rows
  // share edges, so viewers draw no hairline gaps between them.
  cairo_set_antialias(cr, mode == DrawMode::Raster ? CAIRO_ANTIALIAS_NONE : CAIRO_ANTIALIAS_DEFAULT);
  const int m = plan.module;
  for (int y = 0; y < plan.qr.size; ++y) {
    int x = 0;
    while (x < plan.qr.size) {
      if (!plan.qr.isDark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < plan.qr.size && plan.qr.isDark(x, y)) ++x;
      cairo_rectangle(cr, plan.qrX + start * m, plan.qrY + y * m, (x - start) * m, m);
    }
  }
  cairo_fill(cr);
  cairo_restore(cr);
}

void drawPlanText(cairo_t* cr, const LabelPlan& plan, cairo_font_face_t* face, DrawMode mode, TextSelection which) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_font_face(cr, face);
  cairo_font_options_t* options = cairo_font_options_create();
  // Metrics unhinted, as the planner measured them, so that lines keep the widths it fitted.
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  if (mode == DrawMode::Raster) cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_NONE);
  cairo_set_font_options(cr, options);
  cairo_font_options_destroy(options);
  for (const TextRun& run : plan.text) {
    if ((which == TextSelection::PerLabel && !run.perLabel) || (which == TextSelection::Repeated && run.perLabel))
      continue;
    cairo_set_font_size(cr, run.fontSize);
    cairo_move_to(cr, run.x, run.baseline);
    cairo_show_text(cr, run.text.c_str());
  }
  cairo_restore(cr);
}

}  // namespace natlims::labels
