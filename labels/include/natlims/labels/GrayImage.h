#pragma once

#include <cstdint>
#include <vector>

namespace natlims::labels {

/// An 8-bit grayscale image, row-major, no padding: 0 is black, 255 is white.
///
/// Rendered labels use only 0 and 255 (monochrome, as a thermal printer prints); scanned images
/// use the whole range. A default-constructed image is empty (0 x 0).
class GrayImage {
 public:
  GrayImage() = default;
  /// A `width` x `height` image filled with `fill`; throws std::invalid_argument on a negative size.
  GrayImage(int width, int height, std::uint8_t fill = 255);

  int width() const { return _width; }
  int height() const { return _height; }
  bool empty() const { return _width == 0 || _height == 0; }

  std::uint8_t at(int x, int y) const { return _pixels[static_cast<std::size_t>(y) * _width + x]; }
  void set(int x, int y, std::uint8_t value) { _pixels[static_cast<std::size_t>(y) * _width + x] = value; }

  const std::uint8_t* row(int y) const { return _pixels.data() + static_cast<std::size_t>(y) * _width; }
  std::uint8_t* row(int y) { return _pixels.data() + static_cast<std::size_t>(y) * _width; }

  const std::vector<std::uint8_t>& pixels() const { return _pixels; }
  std::vector<std::uint8_t>& pixels() { return _pixels; }

  bool operator==(const GrayImage& other) const = default;

 private:
  int _width = 0;
  int _height = 0;
  std::vector<std::uint8_t> _pixels;
};

}  // namespace natlims::labels
