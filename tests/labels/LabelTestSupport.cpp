#include "LabelTestSupport.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <thread>

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/ImageCodec.h"

namespace natlims::labels::test {

std::vector<std::string> randomCodes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const domain::CodeKind kinds[] = {domain::CodeKind::Tube, domain::CodeKind::Box, domain::CodeKind::Courier};
  std::set<std::string> seen;
  std::vector<std::string> out;
  while (out.size() < n) {
    std::string payload;
    for (std::size_t i = 0; i < domain::codes::kPayloadLength; ++i)
      payload.push_back(domain::codes::kAlphabet[rng() % domain::codes::kAlphabet.size()]);
    std::string code = domain::makeCode(kinds[out.size() % 3], payload);
    if (seen.insert(code).second) out.push_back(std::move(code));
  }
  return out;
}

TempDir::TempDir() {
  _path = Poco::TemporaryFile::tempName();
  Poco::File(_path).createDirectories();
}

TempDir::~TempDir() {
  try {
    Poco::File(_path).remove(true);
  } catch (...) {
    // Best effort: a test that failed may have left the folder read-only.
  }
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

bool exists(const std::string& path) { return Poco::File(path).exists(); }

std::vector<std::string> listFolder(const std::string& path) {
  std::vector<std::string> names;
  Poco::File(path).list(names);
  std::sort(names.begin(), names.end());
  return names;
}

ProgramResult runProgram(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env) {
  Poco::Pipe inPipe, outPipe, errPipe;
  Poco::Process::Env environment(env.begin(), env.end());
  Poco::ProcessHandle handle = Poco::Process::launch(program, args, ".", &inPipe, &outPipe, &errPipe, environment);
  inPipe.close();
  ProgramResult r;
  // Standard error is read on its own thread so that neither pipe can fill up and stall the child.
  std::thread errReader([&] {
    Poco::PipeInputStream err(errPipe);
    Poco::StreamCopier::copyToString(err, r.err);
  });
  Poco::PipeInputStream out(outPipe);
  Poco::StreamCopier::copyToString(out, r.out);
  errReader.join();
  r.exitCode = handle.wait();
  return r;
}

int lineCount(const std::string& text) {
  int n = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

GrayImage drawSymbol(const std::string& format, const std::string& text, int module, int quiet) {
  const ZXing::BarcodeFormat f = ZXing::BarcodeFormatFromString(format);
  ZXing::MultiFormatWriter writer(f);
  writer.setMargin(0);
  const bool linear = f == ZXing::BarcodeFormat::Code128;
  const ZXing::BitMatrix m = writer.encode(text, 0, linear ? 1 : 0);
  const int rows = linear ? 40 : m.height();  // a 1D symbol: 40 modules high
  const int w = (m.width() + 2 * quiet) * module;
  const int h = (rows + 2 * quiet) * module;
  GrayImage img(w, h, 255);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < m.width(); ++x)
      if (m.get(x, linear ? 0 : y))
        for (int dy = 0; dy < module; ++dy)
          for (int dx = 0; dx < module; ++dx) img.set((x + quiet) * module + dx, (y + quiet) * module + dy, 0);
  return img;
}

void paste(GrayImage& dst, const GrayImage& src, int x0, int y0) {
  for (int y = 0; y < src.height(); ++y)
    for (int x = 0; x < src.width(); ++x) {
      const int X = x0 + x, Y = y0 + y;
      if (X >= 0 && Y >= 0 && X < dst.width() && Y < dst.height()) dst.set(X, Y, src.at(x, y));
    }
}

namespace {

double sample(const GrayImage& src, double x, double y) {
  if (x < 0 || y < 0 || x > src.width() - 1 || y > src.height() - 1) return 255;
  const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
  const int x1 = std::min(x0 + 1, src.width() - 1), y1 = std::min(y0 + 1, src.height() - 1);
  const double fx = x - x0, fy = y - y0;
  return (src.at(x0, y0) * (1 - fx) + src.at(x1, y0) * fx) * (1 - fy) +
         (src.at(x0, y1) * (1 - fx) + src.at(x1, y1) * fx) * fy;
}

std::uint8_t clampGray(double v) { return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

}  // namespace

GrayImage rotate(const GrayImage& src, double degrees) {
  const double a = degrees * M_PI / 180.0, c = std::cos(a), s = std::sin(a);
  const int w = static_cast<int>(std::ceil(std::abs(src.width() * c) + std::abs(src.height() * s)));
  const int h = static_cast<int>(std::ceil(std::abs(src.width() * s) + std::abs(src.height() * c)));
  GrayImage out(w, h, 255);
  const double cx = src.width() / 2.0, cy = src.height() / 2.0, ox = w / 2.0, oy = h / 2.0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double dx = x - ox, dy = y - oy;
      out.set(x, y, clampGray(sample(src, c * dx + s * dy + cx, -s * dx + c * dy + cy)));
    }
  return out;
}

GrayImage scale(const GrayImage& src, double factor) {
  const int w = std::max(1, static_cast<int>(std::lround(src.width() * factor)));
  const int h = std::max(1, static_cast<int>(std::lround(src.height() * factor)));
  GrayImage out(w, h, 255);
  if (factor >= 1) {
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) out.set(x, y, clampGray(sample(src, x / factor, y / factor)));
    return out;
  }
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int sx0 = static_cast<int>(x / factor), sx1 = std::min(src.width(), static_cast<int>((x + 1) / factor));
      const int sy0 = static_cast<int>(y / factor), sy1 = std::min(src.height(), static_cast<int>((y + 1) / factor));
      double sum = 0;
      int n = 0;
      for (int sy = sy0; sy < std::max(sy1, sy0 + 1); ++sy)
        for (int sx = sx0; sx < std::max(sx1, sx0 + 1); ++sx) {
          sum += src.at(std::min(sx, src.width() - 1), std::min(sy, src.height() - 1));
          ++n;
        }
      out.set(x, y, clampGray(sum / n));
    }
  return out;
}

GrayImage blur(const GrayImage& src, int r) {
  GrayImage out(src.width(), src.height());
  for (int y = 0; y < src.height(); ++y)
    for (int x = 0; x < src.width(); ++x) {
      double sum = 0;
      int n = 0;
      for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
          const int X = std::clamp(x + dx, 0, src.width() - 1), Y = std::clamp(y + dy, 0, src.height() - 1);
          sum += src.at(X, Y);
          ++n;
        }
      out.set(x, y, clampGray(sum / n));
    }
  return out;
}

GrayImage addNoise(const GrayImage& src, double sigma, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, sigma);
  GrayImage out = src;
  for (auto& v : out.pixels()) v = clampGray(v + noise(rng));
  return out;
}

GrayImage lowContrast(const GrayImage& src, int low, int high) {
  GrayImage out = src;
  for (auto& v : out.pixels()) v = clampGray(low + (high - low) * (v / 255.0));
  return out;
}

namespace {

struct JpegSink {
  jpeg_error_mgr manager;
  std::jmp_buf jump;
};

void jpegFail(j_common_ptr info) { std::longjmp(reinterpret_cast<JpegSink*>(info->err)->jump, 1); }

bool compressJpeg(const GrayImage* image, int quality, unsigned char** buffer, unsigned long* size) {
  jpeg_compress_struct info;
  JpegSink sink;
  info.err = jpeg_std_error(&sink.manager);
  sink.manager.error_exit = jpegFail;
  if (setjmp(sink.jump)) {
    jpeg_destroy_compress(&info);
    return false;
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, buffer, size);
  info.image_width = static_cast<JDIMENSION>(image->width());
  info.image_height = static_cast<JDIMENSION>(image->height());
  info.input_components = 1;
  info.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, quality, TRUE);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(image->row(static_cast<int>(info.next_scanline)));
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  return true;
}

GrayImage readPgm(const std::string& bytes) {
  std::size_t pos = 0;
  auto token = [&] {
    while (pos < bytes.size() && (std::isspace(static_cast<unsigned char>(bytes[pos])) || bytes[pos] == '#')) {
      if (bytes[pos] == '#')
        while (pos < bytes.size() && bytes[pos] != '\n') ++pos;
      else
        ++pos;
    }
    const std::size_t start = pos;
    while (pos < bytes.size() && !std::isspace(static_cast<unsigned char>(bytes[pos]))) ++pos;
    return bytes.substr(start, pos - start);
  };
  if (token() != "P5") throw std::runtime_error("not a binary PGM");
  const int w = std::stoi(token()), h = std::stoi(token()), max = std::stoi(token());
  ++pos;
  if (max != 255 || bytes.size() < pos + static_cast<std::size_t>(w) * h) throw std::runtime_error("bad PGM");
  GrayImage img(w, h);
  std::copy(bytes.begin() + static_cast<long>(pos), bytes.begin() + static_cast<long>(pos) + static_cast<long>(w) * h,
            img.pixels().begin());
  return img;
}

}  // namespace

GrayImage crop(const GrayImage& src, int x0, int y0, int w, int h) {
  GrayImage out(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int X = x0 + x, Y = y0 + y;
      out.set(x, y, X >= 0 && Y >= 0 && X < src.width() && Y < src.height() ? src.at(X, Y) : 255);
    }
  return out;
}

std::vector<GrayImage> sheetCells(const GrayImage& page, const LabelConfig& config, int dpi) {
  const SheetPlacement place = placeOnSheet(config.sheet, config.layout);
  const double dotsPerMm = dpi / 25.4;
  const LabelLayout& l = config.layout;
  std::vector<GrayImage> cells;
  for (int slot = 0; slot < place.perPage(); ++slot) {
    const double xMm = config.sheet.marginLeftMm + (slot % place.columns) * (l.widthMm + config.sheet.gapXMm);
    const double yMm = config.sheet.marginTopMm + (slot / place.columns) * (l.heightMm + config.sheet.gapYMm);
    cells.push_back(crop(page, static_cast<int>((xMm + 1) * dotsPerMm), static_cast<int>((yMm + 1) * dotsPerMm),
                         static_cast<int>((l.widthMm - 2) * dotsPerMm), static_cast<int>((l.heightMm - 2) * dotsPerMm)));
  }
  return cells;
}

std::string encodeJpeg(const GrayImage& image, int quality) {
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  if (!compressJpeg(&image, quality, &buffer, &size)) {
    std::free(buffer);
    throw std::runtime_error("JPEG compression failed");
  }
  std::string out(reinterpret_cast<const char*>(buffer), size);
  std::free(buffer);
  return out;
}

std::vector<GrayImage> renderPdf(const std::string& pdfPath, int dpi, const TempDir& dir) {
  const std::string prefix = dir.file("page");
  const auto r = runProgram("/usr/bin/pdftoppm", {"-r", std::to_string(dpi), "-gray", pdfPath, prefix});
  if (r.exitCode != 0) throw std::runtime_error("pdftoppm failed: " + r.err);
  std::vector<GrayImage> pages;
  for (const auto& name : listFolder(dir.path()))
    if (name.rfind("page-", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".pgm")
      pages.push_back(readPgm(readFile(dir.file(name))));
  return pages;
}

GrayImage renderSvg(const std::string& svgPath, int dpi, const TempDir& dir) {
  const std::string png = dir.file(Poco::Path(svgPath).getBaseName() + "-rsvg.png");
  const auto r = runProgram("/usr/bin/rsvg-convert", {"--dpi-x", std::to_string(dpi), "--dpi-y", std::to_string(dpi),
                                                      "-b", "white", "-f", "png", "-o", png, svgPath});
  if (r.exitCode != 0) throw std::runtime_error("rsvg-convert failed (Debian package librsvg2-bin): " + r.err);
  return decodeImage(readFile(png));
}

}  // namespace natlims::labels::test
