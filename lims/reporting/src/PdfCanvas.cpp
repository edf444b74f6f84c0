#include "PdfCanvas.h"

#include <stdexcept>

#include <cairo-pdf.h>
#include <cairo.h>

namespace natlims::reporting::detail {

namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Drops the last UTF-8 code point.
void popCodePoint(std::string& s) {
  while (!s.empty()) {
    const unsigned char c = static_cast<unsigned char>(s.back());
    s.pop_back();
    if ((c & 0xC0) != 0x80) break;
  }
}

}  // namespace

PdfCanvas::PdfCanvas(std::string fontFamily, std::string title) : _family(std::move(fontFamily)) {
  _surface = cairo_pdf_surface_create_for_stream(append, &_bytes, pageWidth, pageHeight);
  cairo_pdf_surface_set_metadata(_surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(_surface, CAIRO_PDF_METADATA_CREATOR, "natlims");
  _cr = cairo_create(_surface);
}

PdfCanvas::~PdfCanvas() {
  if (_cr) cairo_destroy(_cr);
  if (_surface) cairo_surface_destroy(_surface);
}

void PdfCanvas::font(double size, bool bold) {
  cairo_select_font_face(_cr, _family.c_str(), CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(_cr, size);
}

double PdfCanvas::textWidth(std::string_view text, double size, bool bold) {
  font(size, bold);
  const std::string s(text);
  cairo_text_extents_t extents;
  cairo_text_extents(_cr, s.c_str(), &extents);
  return extents.x_advance;
}

void PdfCanvas::text(double x, double y, std::string_view text, double size, bool bold, double maxWidth) {
  std::string s(text);
  if (maxWidth > 0 && textWidth(s, size, bold) > maxWidth) {
    while (!s.empty() && textWidth(s + "…", size, bold) > maxWidth) popCodePoint(s);
    s += "…";
  }
  font(size, bold);
  cairo_set_source_rgb(_cr, 0, 0, 0);
  cairo_move_to(_cr, x, y);
  cairo_show_text(_cr, s.c_str());
}

void PdfCanvas::textRight(double x, double y, std::string_view text, double size, bool bold) {
  this->text(x - textWidth(text, size, bold), y, text, size, bold);
}

void PdfCanvas::line(double x1, double y1, double x2, double y2, double width) {
  cairo_set_source_rgb(_cr, 0, 0, 0);
  cairo_set_line_width(_cr, width);
  cairo_move_to(_cr, x1, y1);
  cairo_line_to(_cr, x2, y2);
  cairo_stroke(_cr);
}

void PdfCanvas::fillRect(double x, double y, double w, double h, double grey) {
  cairo_set_source_rgb(_cr, grey, grey, grey);
  cairo_rectangle(_cr, x, y, w, h);
  cairo_fill(_cr);
}

void PdfCanvas::nextPage() { cairo_show_page(_cr); }

std::string PdfCanvas::finish() {
  const cairo_status_t drawing = cairo_status(_cr);
  cairo_destroy(_cr);
  _cr = nullptr;
  cairo_surface_finish(_surface);
  cairo_status_t status = cairo_surface_status(_surface);
  if (drawing != CAIRO_STATUS_SUCCESS) status = drawing;
  cairo_surface_destroy(_surface);
  _surface = nullptr;
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo could not write the PDF: ") + cairo_status_to_string(status));
  return std::move(_bytes);
}

}  // namespace natlims::reporting::detail
