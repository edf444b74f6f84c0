#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/labels/GrayImage.h"

namespace natlims::labels {

/// The symbologies a station or lab scans.
enum class SymbolFormat { QRCode, Code128, DataMatrix, PDF417 };

/// "QRCode", "Code128", "DataMatrix", "PDF417".
std::string_view symbolFormatName(SymbolFormat format);

struct ImagePoint {
  int x = 0;
  int y = 0;
};

/// One code found in an image: its text (UTF-8, as the symbol holds it; not validated), its
/// symbology, and its corners in image pixels: top-left, top-right, bottom-right, bottom-left of
/// the symbol as it reads (so a symbol upside down has its "top-left" at the bottom right).
struct ScannedCode {
  SymbolFormat format = SymbolFormat::QRCode;
  std::string text;
  std::array<ImagePoint, 4> corners{};
  ImagePoint center() const;
};

struct ScanOptions {
  /// Default true: also look for symbols rotated by 90/180/270 degrees, small and damaged
  /// ones (slower; a camera frame needs it, a flat-bed scan of labels does not).
  bool tryHarder = true;
  /// Default false: also sweep the image in strips for DataMatrix symbols. ZXing-cpp 1.4 finds
  /// a DataMatrix only where the image's horizontal or vertical centre line crosses it, and one
  /// per image; the sweep finds off-centre ones and several (about 3 times the work of a scan).
  bool sweepDataMatrix = false;
  /// Default 32: stop after this many codes.
  int maxCodes = 32;
};

/// Every QR Code, Code 128, DataMatrix and PDF417 symbol ZXing-cpp finds in `image`, sorted by
/// centre top to bottom, then left to right. No code found is an empty vector, not an error.
/// Limits of ZXing-cpp 1.4: see ScanOptions::sweepDataMatrix; several Code 128 symbols are found one by one (each found one is painted
/// out and the image read again), so two linear symbols closer than a third of their length
/// across their bars may be reported as one.
std::vector<ScannedCode> scanImage(const GrayImage& image, const ScanOptions& options = {});

/// scanImage on a PNG or JPEG file (readImageFile: ImageError when it cannot be read).
std::vector<ScannedCode> scanImageFile(const std::string& path, const ScanOptions& options = {});

}  // namespace natlims::labels
