#pragma once

#include "LabelPlan.h"
#include "natlims/labels/GrayImage.h"

namespace natlims::labels {

/// The check every label's bitmap passes before any output is made from it. Throws
/// VerificationError (field "code") unless
///  1. the quiet zone (4 modules around the symbol) is blank,
///  2. every dot of the symbol is the colour of its module in libqrencode's matrix, so the
///     printed symbol needs no error correction at all (level H would otherwise hide damage),
///  3. ZXing-cpp decodes those very pixels (symbol and quiet zone, cropped from the bitmap) to
///     the plan's code and nothing else.
void checkLabelSymbol(const GrayImage& image, const LabelPlan& plan);

}  // namespace natlims::labels
