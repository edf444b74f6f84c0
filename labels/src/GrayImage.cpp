#include "natlims/labels/GrayImage.h"

#include <stdexcept>

namespace natlims::labels {

GrayImage::GrayImage(int width, int height, std::uint8_t fill) : _width(width), _height(height) {
  if (width < 0 || height < 0) throw std::invalid_argument("image size must not be negative");
  _pixels.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), fill);
}

}  // namespace natlims::labels
