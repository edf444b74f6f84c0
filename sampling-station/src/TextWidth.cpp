#include "natlims/station/TextWidth.h"

namespace natlims::station {

namespace {

// Decodes one code point at s[i]; sets `len`. Invalid bytes decode as themselves, length 1.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  len = 1;
  if (c < 0x80) return c;
  std::size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  if (n == 1 || i + n > s.size()) return c;
  char32_t cp = c & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return c;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  len = n;
  return cp;
}

// East Asian Wide / Fullwidth ranges (Unicode 15, the blocks that matter for names and symbols).
bool isWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

std::size_t displayWidth(std::string_view text) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len;
    const char32_t cp = decode(text, i, len);
    w += isWide(cp) ? 2 : 1;
    i += len;
  }
  return w;
}

std::string fitToWidth(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len;
    const char32_t cp = decode(text, i, len);
    const std::size_t cw = isWide(cp) ? 2 : 1;
    if (w + cw > width) break;
    out.append(text.substr(i, len));
    w += cw;
    i += len;
  }
  out.append(width - w, ' ');
  return out;
}

std::vector<std::string> wrapToWidth(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t lineWidth = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j == i) break;
    std::string_view word = text.substr(i, j - i);
    std::size_t ww = displayWidth(word);
    const std::size_t need = line.empty() ? ww : lineWidth + 1 + ww;
    if (need > width && !line.empty()) {
      lines.push_back(line);
      line.clear();
      lineWidth = 0;
    }
    if (ww > width) {  // a word longer than a line: cut it
      std::string cut = fitToWidth(word, width);
      while (!cut.empty() && cut.back() == ' ') cut.pop_back();
      if (cut.empty()) break;  // not even one character fits
      word = word.substr(0, cut.size());
      ww = displayWidth(word);
      j = i + cut.size();
    }
    if (!line.empty()) {
      line.push_back(' ');
      ++lineWidth;
    }
    line.append(word);
    lineWidth += ww;
    i = j;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace natlims::station
