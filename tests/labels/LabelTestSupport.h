#pragma once

// Helpers shared by the labels tests: random codes, a temporary folder, running a program,
// drawing other symbologies and distorting images (all generated here, no fixtures), and a
// JPEG encoder for camera-like inputs.

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "natlims/labels/GrayImage.h"
#include "natlims/labels/LabelConfig.h"

namespace natlims::labels::test {

/// `n` distinct random valid codes (tube, box and courier in turn), reproducible from `seed`.
std::vector<std::string> randomCodes(std::size_t n, std::uint32_t seed);

/// A fresh folder under the system's temporary folder, removed with its contents at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return _path; }
  std::string file(const std::string& name) const { return _path + "/" + name; }

 private:
  std::string _path;
};

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& bytes);
bool exists(const std::string& path);
/// Names of the entries of a folder, sorted.
std::vector<std::string> listFolder(const std::string& path);

struct ProgramResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

/// Runs `program` with `args` (and extra environment variables), waits, and returns its exit
/// code and output. Standard input is empty.
ProgramResult runProgram(const std::string& program, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {});

/// The number of lines of `text` (a final line without newline counts).
int lineCount(const std::string& text);

/// A symbol of `format` ("QRCode", "Code128", "DataMatrix", "PDF417") drawn by ZXing-cpp's
/// writer, `module` pixels per module, with a quiet zone of `quiet` modules.
GrayImage drawSymbol(const std::string& format, const std::string& text, int module, int quiet = 4);

/// `src` pasted into `dst` with its top-left corner at (x, y).
void paste(GrayImage& dst, const GrayImage& src, int x, int y);
/// `src` rotated by `degrees` about its centre onto a white canvas large enough to hold it (bilinear).
GrayImage rotate(const GrayImage& src, double degrees);
/// `src` scaled by `factor` (< 1 shrinks by area averaging, > 1 bilinear).
GrayImage scale(const GrayImage& src, double factor);
/// A box blur of radius `r` pixels.
GrayImage blur(const GrayImage& src, int r);
/// Gaussian noise of standard deviation `sigma` grey levels, reproducible from `seed`.
GrayImage addNoise(const GrayImage& src, double sigma, std::uint32_t seed);
/// Contrast squeezed into [low, high] grey levels (a dim, washed-out photo).
GrayImage lowContrast(const GrayImage& src, int low, int high);
/// A baseline JPEG of `image` at `quality` (1..100).
std::string encodeJpeg(const GrayImage& image, int quality);

/// The part of `src` at (x, y), `w` x `h`, white where it reaches past the edge.
GrayImage crop(const GrayImage& src, int x, int y, int w, int h);
/// The label cells of a sheet page rendered at `dpi`, in placement order, each inset by 1 mm so
/// that cut marks stay outside.
std::vector<GrayImage> sheetCells(const GrayImage& page, const LabelConfig& config, int dpi);

/// The page images of a PDF rendered by pdftoppm (poppler-utils) at `dpi`, grayscale.
std::vector<GrayImage> renderPdf(const std::string& pdfPath, int dpi, const TempDir& dir);
/// An SVG file rendered by rsvg-convert (librsvg2-bin) at `dpi`, grayscale over white.
GrayImage renderSvg(const std::string& svgPath, int dpi, const TempDir& dir);

}  // namespace natlims::labels::test
