#include "natlims/labels/Scanner.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>

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

namespace {

constexpr auto kMatrixFormats =
    ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::PDF417;

ZXing::DecodeHints hintsFor(ZXing::BarcodeFormats formats, const ScanOptions& options, int maxSymbols) {
  ZXing::DecodeHints hints;
  hints.setFormats(formats)
      .setTryHarder(options.tryHarder)
      .setTryRotate(options.tryHarder)
      .setTryDownscale(true)
      .setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::clamp(maxSymbols, 1, 255)));
  return hints;
}

bool toScanned(const ZXing::Result& r, ScannedCode& code) {
  if (!r.isValid() || !toFormat(r.format(), code.format)) return false;
  code.text = r.text();
  const auto& p = r.position();
  for (int i = 0; i < 4; ++i) code.corners[static_cast<std::size_t>(i)] = {p[i].x, p[i].y};
  return true;
}

struct PointD {
  double x, y;
};

// Paints white every pixel inside the convex quadrilateral q (corners in order).
void erase(GrayImage& img, const std::array<PointD, 4>& q) {
  double minX = q[0].x, maxX = q[0].x, minY = q[0].y, maxY = q[0].y;
  for (const auto& p : q) {
    minX = std::min(minX, p.x);
    maxX = std::max(maxX, p.x);
    minY = std::min(minY, p.y);
    maxY = std::max(maxY, p.y);
  }
  const int x0 = std::max(0, static_cast<int>(minX)), x1 = std::min(img.width() - 1, static_cast<int>(maxX) + 1);
  const int y0 = std::max(0, static_cast<int>(minY)), y1 = std::min(img.height() - 1, static_cast<int>(maxY) + 1);
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      bool positive = false, negative = false;
      for (std::size_t i = 0; i < 4; ++i) {
        const PointD& a = q[i];
        const PointD& b = q[(i + 1) % 4];
        const double cross = (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x);
        positive |= cross > 0;
        negative |= cross < 0;
      }
      if (!(positive && negative)) img.set(x, y, 255);
    }
}

// The area a linear symbol found along some scan rows covers: its centre line (start to end of
// the rows it was read on) extended by 10 % at both ends for the quiet zone, and widened to
// `heightFactor` of its length across, since the rows it was read on may be a thin band of it.
std::array<PointD, 4> linearArea(const ScannedCode& c, double heightFactor) {
  const auto& k = c.corners;
  const PointD start{(k[0].x + k[3].x) / 2.0, (k[0].y + k[3].y) / 2.0};
  const PointD end{(k[1].x + k[2].x) / 2.0, (k[1].y + k[2].y) / 2.0};
  const double dx = end.x - start.x, dy = end.y - start.y;
  const double length = std::max(1.0, std::hypot(dx, dy));
  const PointD u{dx / length, dy / length};
  const PointD v{-u.y, u.x};
  const double along = 0.1 * length + 4;
  const double across = heightFactor * length + 4;
  const PointD a{start.x - u.x * along, start.y - u.y * along};
  const PointD b{end.x + u.x * along, end.y + u.y * along};
  return {PointD{a.x - v.x * across, a.y - v.y * across}, PointD{b.x - v.x * across, b.y - v.y * across},
          PointD{b.x + v.x * across, b.y + v.y * across}, PointD{a.x + v.x * across, a.y + v.y * across}};
}

bool inside(const std::array<PointD, 4>& q, ImagePoint p) {
  bool positive = false, negative = false;
  for (std::size_t i = 0; i < 4; ++i) {
    const double cross = (q[(i + 1) % 4].x - q[i].x) * (p.y - q[i].y) - (q[(i + 1) % 4].y - q[i].y) * (p.x - q[i].x);
    positive |= cross > 0;
    negative |= cross < 0;
  }
  return !(positive && negative);
}


// The symbol's corners as a quadrilateral grown by `margin` of its size around its centre.
std::array<PointD, 4> grown(const ScannedCode& c, double margin) {
  const ImagePoint m = c.center();
  std::array<PointD, 4> q{};
  for (std::size_t i = 0; i < 4; ++i)
    q[i] = {m.x + (c.corners[i].x - m.x) * (1 + margin), m.y + (c.corners[i].y - m.y) * (1 + margin)};
  return q;
}

bool alreadyFound(const std::vector<ScannedCode>& found, const ScannedCode& c) {
  return std::any_of(found.begin(), found.end(), [&](const ScannedCode& f) {
    return f.format == c.format && f.text == c.text && inside(grown(f, 0.2), c.center());
  });
}

void findDataMatrixInStrips(const GrayImage& image, const ScanOptions& options, std::vector<ScannedCode>& out) {
  // Upright and upside-down symbols are traced along a strip's horizontal centre line, symbols
  // turned by 90 degrees along its vertical one: so horizontal strips (full width) and vertical
  // strips (full height), a third of the image at five centre lines and half of it at two.
  struct Strip {
    int left, top, width, height;
  };
  const int w = image.width(), h = image.height();
  std::vector<Strip> strips;
  for (int k = 1; k <= 5; ++k) strips.push_back({0, std::max(0, k * h / 6 - h / 6), w, h / 3});
  for (int k : {1, 3}) strips.push_back({0, k * h / 4 - h / 4, w, h / 2});
  for (int k = 1; k <= 5; ++k) strips.push_back({std::max(0, k * w / 6 - w / 6), 0, w / 3, h});
  for (int k : {1, 3}) strips.push_back({k * w / 4 - w / 4, 0, w / 2, h});
  const ZXing::DecodeHints hints = hintsFor(ZXing::BarcodeFormat::DataMatrix, options, 1);
  GrayImage work;
  for (const Strip& strip : strips) {
    if (strip.width < 8 || strip.height < 8) continue;
    for (int again = 0; again < 4 && static_cast<int>(out.size()) < options.maxCodes; ++again) {
      const GrayImage& source = work.empty() ? image : work;
      const ZXing::ImageView view = ZXing::ImageView(source.pixels().data(), source.width(), source.height(),
                                                     ZXing::ImageFormat::Lum)
                                        .cropped(strip.left, strip.top, strip.width, strip.height);
      ScannedCode code;
      if (!toScanned(ZXing::ReadBarcode(view, hints), code)) break;
      for (auto& p : code.corners) {
        p.x += strip.left;
        p.y += strip.top;
      }
      if (work.empty()) work = image;
      erase(work, grown(code, 0.15));
      if (!alreadyFound(out, code)) out.push_back(std::move(code));
    }
  }
}

}  // namespace

std::vector<ScannedCode> scanImage(const GrayImage& image, const ScanOptions& options) {
  std::vector<ScannedCode> out;
  if (image.empty() || options.maxCodes < 1) return out;
  const ZXing::ImageView view(image.pixels().data(), image.width(), image.height(), ZXing::ImageFormat::Lum);

  // Matrix symbols: ZXing-cpp finds several in one pass.
  for (const ZXing::Result& r : ZXing::ReadBarcodes(view, hintsFor(kMatrixFormats, options, options.maxCodes))) {
    ScannedCode code;
    if (toScanned(r, code)) out.push_back(std::move(code));
  }

  // DataMatrix: ZXing-cpp 1.4 traces a DataMatrix only from the image's horizontal and vertical
  // centre lines, and one per image. The sweep reads strips of the image too, each found symbol
  // painted out of a working copy before its strip is read again.
  if (options.sweepDataMatrix) findDataMatrixInStrips(image, options, out);

  // Code 128: the multi-symbol pass of ZXing-cpp 1.4 trips an assertion (abort) on linear
  // symbols in Debian's build (zxing-cpp issue #740), so linear symbols are read one per pass,
  // each one found painted out of a working copy before the next pass.
  GrayImage work;
  const ZXing::DecodeHints linear = hintsFor(ZXing::BarcodeFormat::Code128, options, 1);
  std::vector<std::pair<std::array<PointD, 4>, std::string>> erased;  // area painted out, its text
  for (int pass = 0; static_cast<int>(out.size()) < options.maxCodes && pass < options.maxCodes + 4; ++pass) {
    const ZXing::ImageView current =
        work.empty() ? view : ZXing::ImageView(work.pixels().data(), work.width(), work.height(), ZXing::ImageFormat::Lum);
    ScannedCode code;
    if (!toScanned(ZXing::ReadBarcode(current, linear), code)) break;
    if (work.empty()) work = image;
    // Read again inside an area already painted out: the same symbol, wider than guessed.
    const bool again = std::any_of(erased.begin(), erased.end(), [&](const auto& e) {
      return e.second == code.text && inside(e.first, code.center());
    });
    const auto area = linearArea(code, again ? 0.8 : 0.35);
    erase(work, area);
    erased.emplace_back(area, code.text);
    if (!again) out.push_back(std::move(code));
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
