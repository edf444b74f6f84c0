#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "natlims/labels/GrayImage.h"

namespace natlims::labels {

/// One ZPL II label format (^XA ... ^XZ) printing `image` 1:1 from the label's top-left corner:
/// print width ^PW and label length ^LL in dots, then one ^GFA graphic field. Pixels darker than
/// mid-grey print. The graphic data uses Zebra's ASCII compression (repeat counts G..Y = 1..19,
/// g..z = 20..400, ',' = zeros to the end of the row, ':' = the previous row again), one dot row
/// per text line.
std::string zplForImage(const GrayImage& image);

/// The graphic of every label format in `zpl`, as black-and-white images: the inverse of
/// zplForImage (also accepting '!' = ones to the end of the row, and uncompressed hex). Throws
/// LabelError on anything but formats holding one ^FO0,0^GFA field.
std::vector<GrayImage> zplGraphics(std::string_view zpl);

}  // namespace natlims::labels
