#include "natlims/labels/Zpl.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "natlims/labels/LabelError.h"

namespace natlims::labels {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";
constexpr int kMaxRun = 419;  // z (400) + Y (19): the largest count one run prefix writes

// A run of `n` copies of hex digit `c`, with Zebra's repeat-count prefix where it is shorter.
void appendRun(std::string& out, char c, int n) {
  while (n > 0) {
    const int k = std::min(n, kMaxRun);
    if (k <= 2) {
      out.append(static_cast<std::size_t>(k), c);
    } else {
      if (k / 20 > 0) out.push_back(static_cast<char>('g' + k / 20 - 1));
      if (k % 20 > 0) out.push_back(static_cast<char>('G' + k % 20 - 1));
      out.push_back(c);
    }
    n -= k;
  }
}

// One dot row's nibbles, compressed. A trailing run of zeros becomes ','; Zebra's guide asks
// for the comma on a byte boundary, so an odd zero nibble before it is written out.
void appendRow(std::string& out, const std::string& nibbles) {
  const auto last = nibbles.find_last_not_of('0');
  const std::size_t end = last == std::string::npos ? 0 : last + 1;
  std::size_t i = 0;
  while (i < end) {
    std::size_t j = i;
    while (j < end && nibbles[j] == nibbles[i]) ++j;
    appendRun(out, nibbles[i], static_cast<int>(j - i));
    i = j;
  }
  if (end < nibbles.size()) {
    if (end % 2 == 1) out.push_back('0');
    if (end + (end % 2) < nibbles.size()) out.push_back(',');
  }
}

[[noreturn]] void fail(const std::string& what) { throw LabelError("ZPL: " + what, "zpl"); }

int parseNumber(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  int v = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) && pos - start < 7)
    v = v * 10 + (s[pos++] - '0');
  if (pos == start) fail("expected a number at offset " + std::to_string(start));
  return v;
}

void expect(std::string_view s, std::size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) != token)
    fail("expected '" + std::string(token) + "' at offset " + std::to_string(pos));
  pos += token.size();
}

// The graphic data of one ^GFA field, decompressed to `bytesPerRow` * `rows` bytes.
std::vector<std::string> decodeRows(std::string_view data, int bytesPerRow, int rows) {
  const std::size_t rowNibbles = static_cast<std::size_t>(bytesPerRow) * 2;
  std::vector<std::string> out;
  std::string row;
  int count = 0;
  auto finishRow = [&] {
    out.push_back(row);
    row.clear();
  };
  for (char c : data) {
    if (c == '\n' || c == '\r' || c == ' ') continue;
    if (static_cast<int>(out.size()) >= rows) fail("graphic data longer than its declared size");
    if (c >= 'G' && c <= 'Y') {
      count += c - 'G' + 1;
    } else if (c >= 'g' && c <= 'z') {
      count += (c - 'g' + 1) * 20;
    } else if (std::isxdigit(static_cast<unsigned char>(c))) {
      const std::size_t n = count > 0 ? static_cast<std::size_t>(count) : 1;
      count = 0;
      if (row.size() + n > rowNibbles) fail("a run crosses the end of a dot row");
      row.append(n, static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
      if (row.size() == rowNibbles) finishRow();
    } else if (c == ',' || c == '!') {
      if (count > 0) fail("repeat count before '" + std::string(1, c) + "'");
      row.append(rowNibbles - row.size(), c == ',' ? '0' : 'F');
      finishRow();
    } else if (c == ':') {
      if (count > 0 || !row.empty() || out.empty()) fail("':' must stand for a whole row after another row");
      out.push_back(out.back());
    } else {
      fail(std::string("unexpected character '") + c + "' in graphic data");
    }
  }
  if (count > 0 || !row.empty() || static_cast<int>(out.size()) != rows) fail("graphic data shorter than its declared size");
  return out;
}

int hexValue(char c) { return c <= '9' ? c - '0' : c - 'A' + 10; }

GrayImage parseFormat(std::string_view f) {
  int width = -1;
  int length = -1;
  if (const auto pw = f.find("^PW"); pw != std::string_view::npos) {
    std::size_t pos = pw + 3;
    width = parseNumber(f, pos);
  }
  if (const auto ll = f.find("^LL"); ll != std::string_view::npos) {
    std::size_t pos = ll + 3;
    length = parseNumber(f, pos);
  }
  const auto gf = f.find("^GF");
  if (gf == std::string_view::npos) fail("label format without a ^GF graphic");
  if (f.find("^GF", gf + 3) != std::string_view::npos) fail("label format with more than one ^GF graphic");
  const auto fo = f.rfind("^FO", gf);
  if (fo == std::string_view::npos || f.substr(fo, gf - fo) != "^FO0,0") fail("the graphic must be at ^FO0,0");
  std::size_t pos = gf + 3;
  expect(f, pos, "A,");
  const int total = parseNumber(f, pos);
  expect(f, pos, ",");
  const int fieldCount = parseNumber(f, pos);
  expect(f, pos, ",");
  const int bytesPerRow = parseNumber(f, pos);
  expect(f, pos, ",");
  if (total != fieldCount || bytesPerRow <= 0 || total % bytesPerRow != 0) fail("inconsistent ^GFA byte counts");
  const auto end = f.find('^', pos);
  if (end == std::string_view::npos || f.substr(end, 3) != "^FS") fail("^GFA data not closed by ^FS");
  const int rows = total / bytesPerRow;
  const auto hexRows = decodeRows(f.substr(pos, end - pos), bytesPerRow, rows);

  if (width < 0) width = bytesPerRow * 8;
  if (width > bytesPerRow * 8 || width <= (bytesPerRow - 1) * 8) fail("^PW does not match the graphic's width");
  if (length >= 0 && length != rows) fail("^LL does not match the graphic's height");
  GrayImage image(width, rows);
  for (int y = 0; y < rows; ++y) {
    std::uint8_t* out = image.row(y);
    for (int x = 0; x < width; ++x) {
      const int nibble = hexValue(hexRows[y][static_cast<std::size_t>(x / 4)]);
      out[x] = (nibble >> (3 - x % 4)) & 1 ? 0 : 255;
    }
  }
  return image;
}

}  // namespace

std::string zplForImage(const GrayImage& image) {
  const int bytesPerRow = (image.width() + 7) / 8;
  const int total = bytesPerRow * image.height();
  std::string out = "^XA\n^PW" + std::to_string(image.width()) + "\n^LL" + std::to_string(image.height()) +
                    "\n^LH0,0\n^FO0,0^GFA," + std::to_string(total) + "," + std::to_string(total) + "," +
                    std::to_string(bytesPerRow) + ",";
  std::string previous;
  std::string nibbles(static_cast<std::size_t>(bytesPerRow) * 2, '0');
  for (int y = 0; y < image.height(); ++y) {
    std::fill(nibbles.begin(), nibbles.end(), '0');
    const std::uint8_t* row = image.row(y);
    for (int x0 = 0; x0 < image.width(); x0 += 4) {
      int nibble = 0;
      for (int b = 0; b < 4; ++b) {
        const int x = x0 + b;
        if (x < image.width() && row[x] < 128) nibble |= 8 >> b;
      }
      nibbles[static_cast<std::size_t>(x0 / 4)] = kHex[nibble];
    }
    if (y > 0) out.push_back('\n');
    if (y > 0 && nibbles == previous) {
      out.push_back(':');
    } else {
      appendRow(out, nibbles);
      previous = nibbles;
    }
  }
  out += "^FS\n^PQ1\n^XZ\n";
  return out;
}

std::vector<GrayImage> zplGraphics(std::string_view zpl) {
  std::vector<GrayImage> images;
  std::size_t pos = 0;
  while (true) {
    const auto start = zpl.find("^XA", pos);
    if (start == std::string_view::npos) break;
    const auto end = zpl.find("^XZ", start + 3);
    if (end == std::string_view::npos) fail("^XA without ^XZ");
    images.push_back(parseFormat(zpl.substr(start + 3, end - start - 3)));
    pos = end + 3;
  }
  if (images.empty()) fail("no label format (^XA ... ^XZ)");
  return images;
}

}  // namespace natlims::labels
