#include "natlims/labels/Scanner.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>

#include "natlims/labels/ImageCodec.h"

namespace natlims::labels {

namespace {

bool toFormat(ZXing::BarcodeFormat in, SymbolFormat& out) {
  switch (in) {
    case ZXing::BarcodeFormat::QRCode: out = SymbolFormat::QRCode; return true;
    case ZXing::BarcodeFormat::Code128: out = SymbolFormat::Code128; return true;
    case ZXing::BarcodeFormat::DataMatrix: out = SymbolFormat::DataMatrix; return true;
    case ZXing::BarcodeFormat::PDF417: out = SymbolFormat::PDF417; return true;
    default: return false;
  }
}

}  // namespace

std::string_view symbolFormatName(SymbolFormat format) {
  switch (format) {
    case SymbolFormat::QRCode: return "QRCode";
    case SymbolFormat::Code128: return "Code128";
    case SymbolFormat::DataMatrix: return "DataMatrix";
    case SymbolFormat::PDF417: return "PDF417";
  }
  return "?";
}

ImagePoint ScannedCode::center() const {
  int x = 0;
  int y = 0;
  for (const auto& p : corners) {
    x += p.x;
    y += p.y;
  }
  return {x / 4, y / 4};
}

std::vector<ScannedCode> scanImage(const GrayImage& image, const ScanOptions& options) {
  std::vector<ScannedCode> out;
  if (image.empty()) return out;
  const ZXing::ImageView view(image.pixels().data(), image.width(), image.height(), ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::DataMatrix |
                   ZXing::BarcodeFormat::PDF417)
      .setTryHarder(options.tryHarder)
      .setTryRotate(options.tryHarder)
      .setTryDownscale(true)
      .setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::clamp(options.maxCodes, 1, 255)));
  for (const ZXing::Result& r : ZXing::ReadBarcodes(view, hints)) {
    ScannedCode code;
    if (!r.isValid() || !toFormat(r.format(), code.format)) continue;
    code.text = r.text();
    const auto& p = r.position();
    for (int i = 0; i < 4; ++i) code.corners[static_cast<std::size_t>(i)] = {p[i].x, p[i].y};
    out.push_back(std::move(code));
  }
  std::sort(out.begin(), out.end(), [](const ScannedCode& a, const ScannedCode& b) {
    const ImagePoint ca = a.center();
    const ImagePoint cb = b.center();
    return ca.y != cb.y ? ca.y < cb.y : ca.x < cb.x;
  });
  return out;
}

std::vector<ScannedCode> scanImageFile(const std::string& path, const ScanOptions& options) {
  return scanImage(readImageFile(path), options);
}

}  // namespace natlims::labels
