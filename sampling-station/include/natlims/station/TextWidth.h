#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::station {

/// Terminal columns taken by UTF-8 text: 2 for East Asian wide and full-width characters (Chinese
/// names), 1 for the rest. Invalid bytes count 1.
std::size_t displayWidth(std::string_view text);

/// `text` cut to at most `width` columns (never splitting a character) and padded with blanks to
/// exactly `width`.
std::string fitToWidth(std::string_view text, std::size_t width);

/// `text` broken at blanks into lines of at most `width` columns (long words are cut).
std::vector<std::string> wrapToWidth(std::string_view text, std::size_t width);

}  // namespace natlims::station
