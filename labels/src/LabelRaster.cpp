#include "LabelRaster.h"

#include <cstring>
#include <stdexcept>

#include "PlanDrawing.h"

namespace natlims::labels {

namespace {

// Identifies the repeated lines of a plan: their text, position and size, byte for byte.
std::string repeatedKey(const LabelPlan& plan) {
  std::string key;
  for (const TextRun& run : plan.text) {
    if (run.perLabel) continue;
    key += run.text;
    key.push_back('\0');
    for (double v : {run.x, run.baseline, run.fontSize}) key.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  return key;
}

}  // namespace

LabelRaster::LabelRaster(int width, int height) : _width(width), _height(height) {
  _surface = cairo_image_surface_create(CAIRO_FORMAT_A8, width, height);
  _cr = cairo_create(_surface);
  if (cairo_status(_cr) != CAIRO_STATUS_SUCCESS) {
    cairo_destroy(_cr);
    cairo_surface_destroy(_surface);
    throw std::runtime_error("cannot create a label drawing surface");
  }
}

LabelRaster::~LabelRaster() {
  cairo_destroy(_cr);
  cairo_surface_destroy(_surface);
}

void LabelRaster::clearSurface() {
  cairo_surface_flush(_surface);
  std::memset(cairo_image_surface_get_data(_surface), 0,
              static_cast<std::size_t>(cairo_image_surface_get_stride(_surface)) * _height);
  cairo_surface_mark_dirty(_surface);
}

GrayImage LabelRaster::draw(const LabelPlan& plan, cairo_font_face_t* face) {
  if (plan.width != _width || plan.height != _height) throw std::logic_error("label plan and raster differ in size");
  unsigned char* data = cairo_image_surface_get_data(_surface);
  const int stride = cairo_image_surface_get_stride(_surface);
  const std::size_t bytes = static_cast<std::size_t>(stride) * _height;

  std::string key = repeatedKey(plan);
  if (key != _repeatedKey || _repeatedInk.size() != bytes) {
    clearSurface();
    drawPlanText(_cr, plan, face, DrawMode::Raster, TextSelection::Repeated);
    cairo_surface_flush(_surface);
    _repeatedInk.assign(data, data + bytes);
    _repeatedKey = std::move(key);
  }
  cairo_surface_flush(_surface);
  std::memcpy(data, _repeatedInk.data(), bytes);
  cairo_surface_mark_dirty(_surface);
  drawPlanText(_cr, plan, face, DrawMode::Raster, TextSelection::PerLabel);
  cairo_surface_flush(_surface);

  GrayImage image(_width, _height);
  const int width = _width;  // a local: stores through uint8_t* could alias a member
  for (int y = 0; y < _height; ++y) {
    const unsigned char* in = data + static_cast<std::size_t>(y) * stride;
    std::uint8_t* out = image.row(y);
    // Ink (alpha >= 128) becomes 0, paper 255: (a >> 7) - 1 is 0xFF for paper and 0 for ink,
    // a form the compiler vectorises.
    for (int x = 0; x < width; ++x) out[x] = static_cast<std::uint8_t>((in[x] >> 7) - 1);
  }

  // The symbol, module by module, in whole dots: exactly what drawPlanSymbol draws unaliased.
  const int m = plan.module;
  for (int my = 0; my < plan.qr.size; ++my) {
    for (int mx = 0; mx < plan.qr.size; ++mx) {
      if (!plan.qr.isDark(mx, my)) continue;
      for (int dy = 0; dy < m; ++dy) std::memset(image.row(plan.qrY + my * m + dy) + plan.qrX + mx * m, 0, static_cast<std::size_t>(m));
    }
  }
  return image;
}

}  // namespace natlims::labels
