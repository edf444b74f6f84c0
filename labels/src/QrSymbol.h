#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace natlims::labels {

/// A QR symbol's module matrix as libqrencode builds it, without quiet zone.
struct QrSymbol {
  int version = 0;
  int size = 0;                     ///< modules per side (21 for version 1)
  std::vector<std::uint8_t> dark;   ///< size * size, row-major, 1 = dark module

  bool isDark(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x] != 0; }
};

/// Encodes `text` at error-correction level H (30 % of the symbol may be lost) in the smallest
/// version that holds it. A 10-symbol code from the code alphabet is alphanumeric-mode data and
/// fits version 1 (21 x 21) at level H exactly. Throws ContentError (field "code") when
/// libqrencode refuses the text.
QrSymbol encodeQr(std::string_view text);

}  // namespace natlims::labels
