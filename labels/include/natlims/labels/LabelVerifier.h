#pragma once

#include <string_view>

#include "natlims/labels/GrayImage.h"

namespace natlims::labels {

/// Decodes `image` with ZXing-cpp as a scanner would (QR Code only, upright, no downscaling) and
/// throws VerificationError (field "code") unless it holds exactly one QR symbol and that symbol
/// reads `code` exactly.
void verifyLabelImage(const GrayImage& image, std::string_view code);

}  // namespace natlims::labels
