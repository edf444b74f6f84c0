#include "natlims/instruments/PlateMapSvg.h"

#include <cstdio>

namespace natlims::instruments {

namespace {

std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string text(double x, double y, double size, std::string_view content, std::string_view extra = {}) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + num(size) + "\"" +
         (extra.empty() ? "" : " " + std::string(extra)) + ">" + escape(content) + "</text>\n";
}

}  // namespace

std::string renderPlateMapSvg(const PlateLayout& plate, const Kit& kit, const PlateMapOptions& options) {
  const double pageW = 297;
  const double pageH = 210;
  const int rows = plate.format.rows;
  const int cols = plate.format.columns;
  const double left = 14;
  const double top = 34;
  const double gridW = pageW - left - 8;
  const double gridH = pageH - top - 24;
  const double cw = gridW / cols;
  const double ch = gridH / rows;
  const double codeFont = cols > 12 ? 1.7 : 3.0;
  std::string svg;
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"297mm\" height=\"210mm\" viewBox=\"0 0 297 210\" "
         "font-family=\"DejaVu Sans, WenQuanYi Micro Hei, sans-serif\">\n";
  svg += "<defs><pattern id=\"empty\" width=\"2\" height=\"2\" patternUnits=\"userSpaceOnUse\">"
         "<path d=\"M0,2 L2,0\" stroke=\"#bbb\" stroke-width=\"0.2\"/></pattern></defs>\n";
  svg += "<rect x=\"0\" y=\"0\" width=\"297\" height=\"210\" fill=\"white\"/>\n";
  const std::string title = options.title.empty() ? "Plate " + (plate.plateId.empty() ? std::string("(unsaved)") : plate.plateId)
                                                  : options.title;
  svg += text(left, 11, 6, title, "font-weight=\"bold\"");
  std::string targets;
  for (const auto& t : kit.targets) targets += (targets.empty() ? "" : ", ") + t.name + " (" + t.dye + ")";
  svg += text(left, 18, 3.2, "Kit " + kit.id + " version " + kit.version + ": " + targets);
  std::size_t samples = 0;
  for (const auto& w : plate.wells) samples += w.kind == SampleKind::Sample ? 1 : 0;
  std::string line3 = std::to_string(plate.format.wells()) + "-well plate, " + std::to_string(samples) + " tubes, " +
                      std::to_string(plate.wells.size() - samples) + " controls; filled column by column from A1";
  if (!options.printedAt.empty()) line3 += "; printed " + options.printedAt;
  svg += text(left, 24, 3.0, line3);
  // Column numbers and row letters.
  for (int c = 0; c < cols; ++c) {
    svg += text(left + c * cw + cw / 2, top - 2, cols > 12 ? 2.2 : 3.2, std::to_string(c + 1), "text-anchor=\"middle\"");
  }
  for (int r = 0; r < rows; ++r) {
    svg += text(left - 3, top + r * ch + ch / 2 + 1, cols > 12 ? 2.2 : 3.2, std::string(1, static_cast<char>('A' + r)),
                "text-anchor=\"middle\"");
  }
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const WellPosition p{r, c};
      const PlateWell* w = plate.at(p);
      std::string fill = "url(#empty)";
      if (w != nullptr) {
        fill = w->kind == SampleKind::PositiveControl ? "#f8c8c8" : w->kind == SampleKind::NegativeControl ? "#c8ecc8" : "#eef3fb";
      }
      svg += "<rect x=\"" + num(left + c * cw + 0.3) + "\" y=\"" + num(top + r * ch + 0.3) + "\" width=\"" + num(cw - 0.6) +
             "\" height=\"" + num(ch - 0.6) + "\" rx=\"1\" fill=\"" + fill + "\" stroke=\"#333\" stroke-width=\"0.25\"/>\n";
      const double cx = left + c * cw + cw / 2;
      svg += text(left + c * cw + 1.0, top + r * ch + (cols > 12 ? 2.0 : 3.2), cols > 12 ? 1.3 : 2.2, wellLabel(p), "fill=\"#777\"");
      if (w == nullptr) continue;
      if (w->kind == SampleKind::Sample && w->name.size() > 6) {
        // Split long codes over two lines so that they stay legible.
        const std::size_t half = w->name.size() / 2;
        svg += text(cx, top + r * ch + ch * 0.55, codeFont, w->name.substr(0, half), "text-anchor=\"middle\" font-family=\"DejaVu Sans Mono, monospace\"");
        svg += text(cx, top + r * ch + ch * 0.55 + codeFont * 1.15, codeFont, w->name.substr(half),
                    "text-anchor=\"middle\" font-family=\"DejaVu Sans Mono, monospace\"");
      } else {
        svg += text(cx, top + r * ch + ch * 0.62, codeFont * 1.1, w->name, "text-anchor=\"middle\" font-weight=\"bold\"");
      }
    }
  }
  const double legendY = top + gridH + 7;
  svg += "<rect x=\"" + num(left) + "\" y=\"" + num(legendY - 3) + "\" width=\"4\" height=\"4\" fill=\"#f8c8c8\" stroke=\"#333\" stroke-width=\"0.2\"/>\n";
  svg += text(left + 5.5, legendY, 3, "positive control (" + kit.positiveControl.name + ")");
  svg += "<rect x=\"" + num(left + 60) + "\" y=\"" + num(legendY - 3) + "\" width=\"4\" height=\"4\" fill=\"#c8ecc8\" stroke=\"#333\" stroke-width=\"0.2\"/>\n";
  svg += text(left + 65.5, legendY, 3, "negative control (" + kit.negativeControl.name + ")");
  svg += "<rect x=\"" + num(left + 120) + "\" y=\"" + num(legendY - 3) + "\" width=\"4\" height=\"4\" fill=\"url(#empty)\" stroke=\"#333\" stroke-width=\"0.2\"/>\n";
  svg += text(left + 125.5, legendY, 3, "empty well");
  svg += "</svg>\n";
  return svg;
}

}  // namespace natlims::instruments
