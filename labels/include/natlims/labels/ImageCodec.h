#pragma once

#include <string>
#include <string_view>

#include "natlims/labels/GrayImage.h"

namespace natlims::labels {

/// A PNG of `image`: 1-bit grayscale when every pixel is 0 or 255 (a rendered label), else 8-bit
/// grayscale. When `dpi` > 0 the resolution is recorded (pHYs) so that viewers and printers
/// show the label at its physical size.
std::string encodePng(const GrayImage& image, int dpi = 0);

/// Decodes a PNG or JPEG (told apart by their signatures) of any colour type to grayscale;
/// transparency is laid over white. Throws ImageError (field "image") on empty input, another
/// format, or corrupt or truncated data.
GrayImage decodeImage(std::string_view bytes);

/// decodeImage on a file's contents; ImageError names the file when it cannot be read.
GrayImage readImageFile(const std::string& path);

}  // namespace natlims::labels
