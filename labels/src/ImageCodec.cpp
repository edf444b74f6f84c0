#include "natlims/labels/ImageCodec.h"

#include <png.h>
// jpeglib.h needs FILE and size_t declared first.
#include <cstdio>
#include <jpeglib.h>
#include <jerror.h>

#include <algorithm>
#include <bit>
#include <csetjmp>
#include <cstring>
#include <fstream>
#include <iterator>

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

namespace {

// A decoded image may not exceed this many pixels: a station camera is far below it, and a
// crafted header cannot make us allocate gigabytes.
constexpr std::uint64_t kMaxPixels = 64ull * 1024 * 1024;

constexpr std::size_t kMessageSize = 200;

// libpng and libjpeg report errors by longjmp. The functions that call setjmp below hold no
// object with a destructor in their own frame, so the jump skips nothing; they return false
// with a message, and the C++ callers throw.

struct PngErrorSink {
  char message[kMessageSize];
};

void pngError(png_structp png, png_const_charp message) {
  auto* sink = static_cast<PngErrorSink*>(png_get_error_ptr(png));
  std::snprintf(sink->message, kMessageSize, "%s", message);
  png_longjmp(png, 1);
}

void pngWarning(png_structp, png_const_charp) {}

void pngAppend(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

void pngFlush(png_structp) {}

// The top bits of 8 pixels as one byte, the first pixel in the most significant bit: loaded
// big-endian, masked to each byte's top bit, and gathered into the top byte by one multiply.
unsigned char packEight(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  v &= 0x8080808080808080ull;
  return static_cast<unsigned char>((v * 0x0002040810204081ull) >> 56);
}

// True when every pixel is 0 or 255: v + 1 wraps those two to 0 and 1.
bool isBilevel(const GrayImage& image) {
  unsigned other = 0;
  for (std::uint8_t v : image.pixels()) other |= static_cast<std::uint8_t>(v + 1) >> 1;
  return other == 0;
}

bool writePngRows(std::string* out, const GrayImage* image, int dpi, bool bilevel, unsigned char* rowBuffer,
                  PngErrorSink* sink) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, sink, pngError, pngWarning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_set_write_fn(png, out, pngAppend, pngFlush);
  png_set_IHDR(png, info, static_cast<png_uint_32>(image->width()), static_cast<png_uint_32>(image->height()),
               bilevel ? 1 : 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  if (dpi > 0) {
    const auto perMetre = static_cast<png_uint_32>(dpi / 0.0254 + 0.5);
    png_set_pHYs(png, info, perMetre, perMetre, PNG_RESOLUTION_METER);
  }
  // Bilevel rows gain nothing from prediction filters; skipping the filter search, the fastest
  // deflate level and a 4 KiB window (a label's rows are a few KiB) make a label's PNG about
  // twice as fast to write for some 15 % more bytes (~1.2 KB for 40x20 mm at 203 dpi).
  if (bilevel) {
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 1);
    png_set_compression_window_bits(png, 12);
    png_set_compression_mem_level(png, 4);
  }
  png_write_info(png, info);
  const int width = image->width();
  for (int y = 0; y < image->height(); ++y) {
    const std::uint8_t* row = image->row(y);
    if (bilevel) {
      // 1-bit gray: 1 is white, most significant bit first.
      int x = 0;
      for (; x + 8 <= width; x += 8) rowBuffer[x >> 3] = packEight(row + x);
      if (x < width) {
        unsigned bits = 0;
        for (int b = 0; b < 8; ++b) bits = (bits << 1) | (x + b < width ? (row[x + b] >> 7) : 0u);
        rowBuffer[x >> 3] = static_cast<unsigned char>(bits);
      }
      png_write_row(png, rowBuffer);
    } else {
      std::memcpy(rowBuffer, row, static_cast<std::size_t>(width));
      png_write_row(png, rowBuffer);
    }
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

GrayImage decodePng(std::string_view bytes) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()))
    throw ImageError(std::string("corrupt PNG: ") + image.message, "image");
  if (image.width == 0 || image.height == 0 ||
      static_cast<std::uint64_t>(image.width) * image.height > kMaxPixels) {
    png_image_free(&image);
    throw ImageError("PNG too large or empty: " + std::to_string(image.width) + "x" + std::to_string(image.height),
                     "image");
  }
  image.format = PNG_FORMAT_GRAY;
  GrayImage out(static_cast<int>(image.width), static_cast<int>(image.height));
  png_color white{255, 255, 255};
  if (!png_image_finish_read(&image, &white, out.pixels().data(), static_cast<png_int_32>(image.width), nullptr)) {
    const std::string message = image.message;
    png_image_free(&image);
    throw ImageError("corrupt PNG: " + message, "image");
  }
  png_image_free(&image);
  return out;
}

struct JpegErrorSink {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  bool truncated;
};

void jpegErrorExit(j_common_ptr info) {
  auto* sink = reinterpret_cast<JpegErrorSink*>(info->err);
  info->err->format_message(info, sink->message);
  std::longjmp(sink->jump, 1);
}

// Warnings are silent, but a file that ends early is an error: libjpeg would fill the rest with
// grey and a half image would be scanned as if it were whole.
void jpegEmitMessage(j_common_ptr info, int level) {
  if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) reinterpret_cast<JpegErrorSink*>(info->err)->truncated = true;
}

bool readJpegRows(const unsigned char* data, std::size_t size, GrayImage* out, JpegErrorSink* sink) {
  jpeg_decompress_struct info;
  info.err = jpeg_std_error(&sink->manager);
  sink->manager.error_exit = jpegErrorExit;
  sink->manager.emit_message = jpegEmitMessage;
  sink->truncated = false;
  if (setjmp(sink->jump)) {
    jpeg_destroy_decompress(&info);
    return false;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, static_cast<unsigned long>(size));
  jpeg_read_header(&info, TRUE);
  if (static_cast<std::uint64_t>(info.image_width) * info.image_height > kMaxPixels) {
    std::snprintf(sink->message, sizeof sink->message, "JPEG too large: %ux%u", info.image_width, info.image_height);
    jpeg_destroy_decompress(&info);
    return false;
  }
  info.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&info);
  *out = GrayImage(static_cast<int>(info.output_width), static_cast<int>(info.output_height));
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = out->row(static_cast<int>(info.output_scanline));
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  if (sink->truncated) {
    std::snprintf(sink->message, sizeof sink->message, "the file ends before the image does");
    return false;
  }
  return true;
}

}  // namespace

std::string encodePng(const GrayImage& image, int dpi) {
  if (image.empty()) throw ImageError("cannot encode an empty image as PNG", "image");
  const bool bilevel = isBilevel(image);
  std::string out;
  std::vector<unsigned char> rowBuffer(static_cast<std::size_t>(image.width()));
  PngErrorSink sink{};
  if (!writePngRows(&out, &image, dpi, bilevel, rowBuffer.data(), &sink))
    throw ImageError(std::string("cannot encode PNG: ") + sink.message, "image");
  return out;
}

GrayImage decodeImage(std::string_view bytes) {
  if (bytes.empty()) throw ImageError("the image is empty (0 bytes)", "image");
  static constexpr std::string_view kPng = "\x89PNG\r\n\x1a\n";
  if (bytes.substr(0, kPng.size()) == kPng) return decodePng(bytes);
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF) {
    GrayImage out;
    JpegErrorSink sink{};
    if (!readJpegRows(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &out, &sink))
      throw ImageError(std::string("corrupt JPEG: ") + sink.message, "image");
    return out;
  }
  throw ImageError("not a PNG or JPEG image", "image");
}

GrayImage readImageFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImageError("cannot read image file " + path, "image");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return decodeImage(bytes);
  } catch (const ImageError& e) {
    throw ImageError(path + ": " + e.what(), "image");
  }
}

}  // namespace natlims::labels
