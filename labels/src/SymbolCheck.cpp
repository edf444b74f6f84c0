#include "SymbolCheck.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <string>

#include "LabelPlanner.h"
#include "natlims/labels/LabelError.h"

namespace natlims::labels {

void checkLabelSymbol(const GrayImage& image, const LabelPlan& plan) {
  const std::string& code = plan.code;
  const int m = plan.module;
  const int side = plan.qr.size * m;
  const int quiet = LabelPlanner::kQuietModules * m;
  const int x0 = plan.qrX - quiet;
  const int y0 = plan.qrY - quiet;
  const int outer = side + 2 * quiet;
  if (image.width() != plan.width || image.height() != plan.height || x0 < 0 || y0 < 0 ||
      x0 + outer > image.width() || y0 + outer > image.height())
    throw VerificationError("label for " + code + " has no room for its QR code and quiet zone; it is not output", "code");

  auto refuse = [&](bool inSymbol) {
    throw VerificationError("label for " + code +
                                (inSymbol ? " prints QR modules that differ from the encoder's symbol"
                                          : " has ink in the QR code's quiet zone") +
                                "; it is not output",
                            "code");
  };
  auto allOf = [](const std::uint8_t* p, int n, std::uint8_t v) {
    for (int i = 0; i < n; ++i)
      if (p[i] != v) return false;
    return true;
  };
  for (int y = y0; y < y0 + outer; ++y) {
    const std::uint8_t* row = image.row(y);
    if (y < plan.qrY || y >= plan.qrY + side) {
      if (!allOf(row + x0, outer, 255)) refuse(false);
      continue;
    }
    if (!allOf(row + x0, quiet, 255) || !allOf(row + plan.qrX + side, quiet, 255)) refuse(false);
    const int my = (y - plan.qrY) / m;
    for (int mx = 0; mx < plan.qr.size; ++mx)
      if (!allOf(row + plan.qrX + mx * m, m, plan.qr.isDark(mx, my) ? 0 : 255)) refuse(true);
  }

  // Pure mode: the crop is the symbol on its quiet zone and nothing else, which the loop above
  // has just established; it decodes the dots as they are, without looking for the symbol.
  const ZXing::ImageView view = ZXing::ImageView(image.pixels().data(), image.width(), image.height(),
                                                 ZXing::ImageFormat::Lum)
                                    .cropped(x0, y0, outer, outer);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode)
      .setIsPure(true)
      .setBinarizer(ZXing::Binarizer::FixedThreshold)
      .setTryHarder(false)
      .setTryRotate(false)
      .setTryDownscale(false);
  const ZXing::Result result = ZXing::ReadBarcode(view, hints);
  if (!result.isValid()) throw VerificationError("label for " + code + " does not decode; it is not output", "code");
  if (result.text() != code)
    throw VerificationError("label for " + code + " decodes as '" + result.text().substr(0, 32) + "'; it is not output",
                            "code");
}

}  // namespace natlims::labels
