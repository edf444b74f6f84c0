#include "natlims/labels/LabelVerifier.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <string>

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

void verifyLabelImage(const GrayImage& image, std::string_view code) {
  const std::string expected(code);
  if (image.empty()) throw VerificationError("label for " + expected + " is an empty image", "code");
  const ZXing::ImageView view(image.pixels().data(), image.width(), image.height(), ZXing::ImageFormat::Lum);
  // The label is upright and at its printed size, so rotation and downscaling add nothing; all
  // symbols are looked for (not only the first) so that a label showing two codes is refused.
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode)
      .setTryHarder(false)
      .setTryRotate(false)
      .setTryDownscale(false)
      .setMaxNumberOfSymbols(2);
  int found = 0;
  std::string text;
  for (const ZXing::Result& r : ZXing::ReadBarcodes(view, hints)) {
    if (!r.isValid()) continue;
    ++found;
    text = r.text();
  }
  if (found == 0) throw VerificationError("label for " + expected + " does not decode; it is not output", "code");
  if (found > 1) throw VerificationError("label for " + expected + " holds more than one QR code; it is not output", "code");
  if (text != expected)
    throw VerificationError("label for " + expected + " decodes as '" + text.substr(0, 32) + "'; it is not output", "code");
}

}  // namespace natlims::labels
