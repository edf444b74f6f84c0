#pragma once

#include <string>
#include <string_view>

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace natlims::reporting::detail {

/// An A4 PDF drawn with cairo into memory, text in one font family (toy API, resolved through
/// fontconfig). Units are PDF points, y grows downwards. Not copyable.
class PdfCanvas {
 public:
  static constexpr double pageWidth = 595.276;   // A4
  static constexpr double pageHeight = 841.89;

  PdfCanvas(std::string fontFamily, std::string title);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  /// Draws `text` with its baseline at (x, y), cut with "…" to fit `maxWidth` when > 0.
  void text(double x, double y, std::string_view text, double size, bool bold = false, double maxWidth = 0);
  /// Right-aligned at x.
  void textRight(double x, double y, std::string_view text, double size, bool bold = false);
  void line(double x1, double y1, double x2, double y2, double width = 0.5);
  void fillRect(double x, double y, double w, double h, double grey);
  double textWidth(std::string_view text, double size, bool bold = false);
  void nextPage();
  /// Finishes the document and returns its bytes; throws std::runtime_error when cairo failed.
  std::string finish();

 private:
  void font(double size, bool bold);

  std::string _family;
  std::string _bytes;
  cairo_surface_t* _surface = nullptr;
  cairo_t* _cr = nullptr;
};

}  // namespace natlims::reporting::detail
