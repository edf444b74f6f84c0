#include <catch2/catch.hpp>

#include <zlib.h>

#include "LabelTestSupport.h"
#include "natlims/labels/ImageCodec.h"
#include "natlims/labels/LabelError.h"

using namespace natlims::labels;

namespace {

GrayImage gradient(int w, int h) {
  GrayImage g(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) g.set(x, y, static_cast<std::uint8_t>((x * 7 + y * 3) % 256));
  return g;
}

// A minimal PNG chunk with its CRC, for building colour PNGs by hand.
std::string chunk(const std::string& type, const std::string& data) {
  std::string out;
  const auto n = static_cast<std::uint32_t>(data.size());
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((n >> s) & 0xFF));
  out += type + data;
  const std::string crcInput = type + data;
  const auto crc = static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(crcInput.data()), static_cast<uInt>(crcInput.size())));
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((crc >> s) & 0xFF));
  return out;
}

// An 8-bit RGBA PNG of one row: a red pixel, a half-transparent black one, a transparent one.
std::string rgbaPng() {
  std::string ihdr;
  for (std::uint32_t v : {3u, 1u}) for (int s = 24; s >= 0; s -= 8) ihdr.push_back(static_cast<char>((v >> s) & 0xFF));
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);
  const unsigned char raw[] = {0, 255, 0, 0, 255, 0, 0, 0, 128, 0, 0, 0, 0};
  uLongf size = compressBound(sizeof raw);
  std::string z(size, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &size, raw, sizeof raw);
  z.resize(size);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", "");
}

}  // namespace

TEST_CASE("PNG keeps every pixel, 1-bit for labels and 8-bit for photos", "[labels][image]") {
  GrayImage bilevel(321, 17, 255);
  for (int x = 0; x < 321; x += 3) bilevel.set(x, x % 17, 0);
  const std::string small = encodePng(bilevel, 203);
  CHECK(decodeImage(small) == bilevel);
  CHECK(static_cast<unsigned char>(small[24]) == 1);  // IHDR bit depth
  CHECK(small.find("pHYs") != std::string::npos);
  const GrayImage photo = gradient(100, 40);
  const std::string png = encodePng(photo);
  CHECK(static_cast<unsigned char>(png[24]) == 8);
  CHECK(png.find("pHYs") == std::string::npos);
  CHECK(decodeImage(png) == photo);
}

TEST_CASE("colour and transparent PNGs are read as grey over white", "[labels][image]") {
  const GrayImage g = decodeImage(rgbaPng());
  REQUIRE(g.width() == 3);
  CHECK(g.at(0, 0) > 100);          // red is a middle grey (sRGB luminance ~0.5)
  CHECK(g.at(0, 0) < 160);
  CHECK(g.at(1, 0) > 100);          // half-transparent black over white: mid grey
  CHECK(g.at(1, 0) < 220);
  CHECK(g.at(2, 0) == 255);         // transparent: white
}

TEST_CASE("JPEG is read as grey", "[labels][image]") {
  const GrayImage photo = gradient(64, 48);
  const GrayImage back = decodeImage(test::encodeJpeg(photo, 95));
  REQUIRE(back.width() == 64);
  REQUIRE(back.height() == 48);
  int worst = 0;
  for (std::size_t i = 0; i < photo.pixels().size(); ++i)
    worst = std::max(worst, std::abs(int(photo.pixels()[i]) - int(back.pixels()[i])));
  CHECK(worst < 40);
}

TEST_CASE("empty, corrupt, truncated and foreign images are clear errors", "[labels][image]") {
  const std::string png = encodePng(gradient(200, 100));
  const std::string jpeg = test::encodeJpeg(gradient(200, 100), 80);
  std::string flipped = png;
  flipped[png.size() / 2] = static_cast<char>(flipped[png.size() / 2] ^ 0x55);  // breaks a CRC
  struct Row {
    const char* what;
    std::string bytes;
    const char* says;
  };
  const Row rows[] = {
      {"empty", "", "empty"},
      {"text", "hello, this is not an image", "not a PNG or JPEG"},
      {"GIF", "GIF89a\x01\x00\x01\x00", "not a PNG or JPEG"},
      {"PNG signature only", png.substr(0, 8), "corrupt PNG"},
      {"truncated PNG", png.substr(0, png.size() / 2), "corrupt PNG"},
      {"PNG with a damaged chunk", flipped, "corrupt PNG"},
      {"JPEG header only", jpeg.substr(0, 3), "corrupt JPEG"},
      {"truncated JPEG", jpeg.substr(0, jpeg.size() / 2), "corrupt JPEG"},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    try {
      decodeImage(row.bytes);
      FAIL("decoded");
    } catch (const ImageError& e) {
      CHECK(e.field() == "image");
      CHECK(std::string(e.what()).find(row.says) != std::string::npos);
    }
  }
  test::TempDir dir;
  test::writeFile(dir.file("empty.png"), "");
  try {
    readImageFile(dir.file("empty.png"));
    FAIL("decoded");
  } catch (const ImageError& e) {
    CHECK(std::string(e.what()).find("empty.png") != std::string::npos);
  }
  CHECK_THROWS_AS(readImageFile(dir.file("missing.png")), ImageError);
  CHECK_THROWS_AS(encodePng(GrayImage()), ImageError);
}
