#include "natlims/labels/LabelMaker.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <functional>
#include <utility>

#include "LabelFont.h"
#include "LabelPlanner.h"
#include "LabelRaster.h"
#include "PlanDrawing.h"
#include "SymbolCheck.h"
#include "natlims/labels/ImageCodec.h"
#include "natlims/labels/LabelError.h"
#include "natlims/labels/Zpl.h"

namespace natlims::labels {

namespace {

constexpr double kPointsPerInch = 72.0;
constexpr double kMmPerInch = 25.4;

cairo_status_t appendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Finishes a vector surface and reports cairo's error, if any, as an OutputError.
void finish(cairo_t* cr, cairo_surface_t* surface, const char* what) {
  const cairo_status_t drawStatus = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t surfaceStatus = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  const cairo_status_t status = drawStatus != CAIRO_STATUS_SUCCESS ? drawStatus : surfaceStatus;
  if (status != CAIRO_STATUS_SUCCESS)
    throw OutputError(std::string("cannot build the ") + what + ": " + cairo_status_to_string(status), "out");
}

}  // namespace

struct LabelMaker::Impl {
  explicit Impl(const LabelConfig& config)
      : font(config.layout.fontFile),
        planner(config.layout, font),
        raster(config.layout.widthDots(), config.layout.heightDots()) {}

  // The one path every output starts from: content checked and laid out, drawn to the
  // monochrome bitmap, and that bitmap checked (SymbolCheck). Throws before anything exists.
  std::pair<LabelPlan, GrayImage> planAndVerify(const LabelContent& content,
                                                const std::function<void(GrayImage&)>& fault) {
    LabelPlan plan = planner.plan(content);
    GrayImage image = raster.draw(plan, font.face());
    if (fault) fault(image);
    checkLabelSymbol(image, plan);
    return {std::move(plan), std::move(image)};
  }

  LabelFont font;
  LabelPlanner planner;
  LabelRaster raster;
};

LabelMaker::LabelMaker(const LabelConfig& config) : _config(config) {
  validateLabelConfig(_config);
  _impl = std::make_unique<Impl>(_config);
}

LabelMaker::~LabelMaker() = default;

namespace {

VerifiedLabel toVerified(const LabelPlan& plan, GrayImage image) {
  VerifiedLabel label;
  label.code = plan.code;
  label.image = std::move(image);
  label.dpi = plan.dpi;
  label.qrX = plan.qrX;
  label.qrY = plan.qrY;
  label.qrSize = plan.qr.size * plan.module;
  return label;
}

}  // namespace

VerifiedLabel LabelMaker::render(const LabelContent& content) {
  auto [plan, image] = _impl->planAndVerify(content, _fault);
  return toVerified(plan, std::move(image));
}

std::string LabelMaker::png(const LabelContent& content) {
  const VerifiedLabel label = render(content);
  return encodePng(label.image, label.dpi);
}

std::string LabelMaker::svg(const LabelContent& content) {
  // The SVG is drawn from the plan whose bitmap has just passed the check.
  const LabelPlan plan = _impl->planAndVerify(content, _fault).first;

  std::string out;
  const double scale = kPointsPerInch / plan.dpi;
  cairo_surface_t* surface =
      cairo_svg_surface_create_for_stream(appendToString, &out, plan.width * scale, plan.height * scale);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  drawPlan(cr, plan, _impl->font.face(), DrawMode::Vector);
  finish(cr, surface, "SVG");
  return out;
}

std::string LabelMaker::zpl(const LabelContent& content) {
  const VerifiedLabel label = render(content);
  std::string out = zplForImage(label.image);
  const auto printed = zplGraphics(out);
  if (printed.size() != 1 || printed.front() != label.image)
    throw VerificationError("ZPL of " + label.code + " does not reproduce the verified label; it is not output", "code");
  return out;
}

std::string LabelMaker::zpl(const std::vector<LabelContent>& contents) {
  std::string out;
  for (const LabelContent& c : contents) out += zpl(c);
  return out;
}

std::string LabelMaker::pdf(const std::vector<LabelContent>& contents) {
  if (contents.empty()) throw ContentError("no labels to put on a sheet", "codes");
  // Every label is planned and verified before the document exists.
  std::vector<LabelPlan> plans;
  plans.reserve(contents.size());
  for (const LabelContent& c : contents) plans.push_back(_impl->planAndVerify(c, _fault).first);

  const SheetGeometry& sheet = _config.sheet;
  const LabelLayout& layout = _config.layout;
  const SheetPlacement place = placeOnSheet(sheet, layout);
  const double mm = kPointsPerInch / kMmPerInch;
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(appendToString, &out, sheet.pageWidthMm * mm, sheet.pageHeightMm * mm);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "natlims labels");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "natlims lims-labels");
  cairo_t* cr = cairo_create(surface);
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const int slot = static_cast<int>(i % static_cast<std::size_t>(place.perPage()));
    if (slot == 0 && i > 0) cairo_show_page(cr);
    const int column = slot % place.columns;
    const int row = slot / place.columns;
    cairo_save(cr);
    cairo_translate(cr, (sheet.marginLeftMm + column * (layout.widthMm + sheet.gapXMm)) * mm,
                    (sheet.marginTopMm + row * (layout.heightMm + sheet.gapYMm)) * mm);
    const double scale = kPointsPerInch / plans[i].dpi;
    cairo_scale(cr, scale, scale);
    drawPlan(cr, plans[i], _impl->font.face(), DrawMode::Vector);
    if (sheet.cutMarks) {
      cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
      cairo_set_line_width(cr, 0.25 / scale);
      cairo_rectangle(cr, 0, 0, plans[i].width, plans[i].height);
      cairo_stroke(cr);
    }
    cairo_restore(cr);
  }
  cairo_show_page(cr);
  finish(cr, surface, "PDF");
  return out;
}

}  // namespace natlims::labels
