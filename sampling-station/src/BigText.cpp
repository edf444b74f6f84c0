#include "natlims/station/BigText.h"

namespace natlims::station {

namespace {

// '#' marks a block; drawn as U+2588 FULL BLOCK.
constexpr std::array<std::array<std::string_view, kBigTextRows>, 10> kDigits{{
    {"#####", "#   #", "#   #", "#   #", "#####"},
    {"  #  ", " ##  ", "  #  ", "  #  ", " ### "},
    {"#####", "    #", "#####", "#    ", "#####"},
    {"#####", "    #", " ####", "    #", "#####"},
    {"#   #", "#   #", "#####", "    #", "    #"},
    {"#####", "#    ", "#####", "    #", "#####"},
    {"#####", "#    ", "#####", "#   #", "#####"},
    {"#####", "    #", "   # ", "  #  ", "  #  "},
    {"#####", "#   #", "#####", "#   #", "#####"},
    {"#####", "#   #", "#####", "    #", "#####"},
}};
constexpr std::array<std::string_view, kBigTextRows> kSlash{"  #", "  #", " # ", "#  ", "#  "};
constexpr std::array<std::string_view, kBigTextRows> kBlank{"   ", "   ", "   ", "   ", "   "};

void appendGlyphRow(std::string& out, std::string_view row) {
  for (char c : row) out += c == '#' ? "\u2588" : " ";
  out += ' ';
}

}  // namespace

std::array<std::string, kBigTextRows> bigText(std::string_view text) {
  std::array<std::string, kBigTextRows> rows;
  for (char c : text) {
    for (std::size_t r = 0; r < kBigTextRows; ++r) {
      if (c >= '0' && c <= '9') appendGlyphRow(rows[r], kDigits[static_cast<std::size_t>(c - '0')][r]);
      else if (c == '/') appendGlyphRow(rows[r], kSlash[r]);
      else appendGlyphRow(rows[r], kBlank[r]);
    }
  }
  return rows;
}

}  // namespace natlims::station
