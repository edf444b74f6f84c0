#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "natlims/labels/GrayImage.h"
#include "natlims/labels/LabelConfig.h"
#include "natlims/labels/LabelContent.h"

namespace natlims::labels {

/// A label rendered at the printer's resolution that decoded to its own code.
struct VerifiedLabel {
  std::string code;  ///< canonical code (as validateCode returns it)
  GrayImage image;   ///< monochrome, layout.widthDots() x layout.heightDots()
  int dpi = 0;
  int qrX = 0;       ///< the QR symbol's top-left corner and side in dots (quiet zone around it)
  int qrY = 0;
  int qrSize = 0;
};

/// Makes tube, box and courier labels that scan.
///
/// Every label is rendered to pixels and decoded with ZXing-cpp before anything is returned; a
/// label that does not decode to its own code throws VerificationError, and a batch with one such
/// label returns nothing. Content is checked first (ContentError names the field). Output is
/// returned as bytes; writing them is the caller's (see LabelOutput.h and LabelPrinter.h).
///
/// Not thread-safe: it owns its font and drawing surfaces. Use one LabelMaker per thread.
class LabelMaker {
 public:
  /// Throws ConfigError (naming the key) on a bad configuration or a font that cannot be loaded.
  explicit LabelMaker(const LabelConfig& config = {});
  ~LabelMaker();
  LabelMaker(const LabelMaker&) = delete;
  LabelMaker& operator=(const LabelMaker&) = delete;

  const LabelConfig& config() const { return _config; }

  /// The verified bitmap.
  VerifiedLabel render(const LabelContent& content);

  /// A 1-bit grayscale PNG of the verified bitmap with its resolution recorded (pHYs). The PNG
  /// bytes are decoded again and compared with the bitmap before they are returned.
  std::string png(const LabelContent& content);

  /// An SVG of the label at its physical size: the QR symbol as filled rectangles from the same
  /// module matrix as the verified bitmap, the text as glyph outlines (no font needed to view it).
  std::string svg(const LabelContent& content);

  /// ZPL II for thermal printers, one ^XA...^XZ format per label: the whole verified bitmap as one
  /// ^GFA graphic (Zebra's ASCII compression), so the printer prints exactly the pixels that were
  /// decoded and needs no font of its own. The graphic is parsed back from the ZPL text and
  /// compared with the bitmap before it is returned.
  std::string zpl(const LabelContent& content);
  std::string zpl(const std::vector<LabelContent>& contents);

  /// A PDF of label sheets (config().sheet), labels in vector form placed row by row; every
  /// label is verified before the document is built.
  std::string pdf(const std::vector<LabelContent>& contents);

  /// Fault injection for tests: called on each rendered bitmap before it is verified.
  void setRasterFaultForTesting(std::function<void(GrayImage&)> fault) { _fault = std::move(fault); }

 private:
  struct Impl;
  LabelConfig _config;
  std::unique_ptr<Impl> _impl;
  std::function<void(GrayImage&)> _fault;
};

}  // namespace natlims::labels
