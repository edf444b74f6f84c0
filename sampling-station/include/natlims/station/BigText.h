#pragma once

#include <array>
#include <string>
#include <string_view>

namespace natlims::station {

/// Large type for the tube count: digits and '/' drawn 5 rows high with block characters, so that
/// "7/10" reads from across the table.
inline constexpr std::size_t kBigTextRows = 5;

/// The 5 rows of `text` (digits, '/', blank; other characters are drawn blank). Each glyph is 5
/// columns wide plus a 1-column gap ('/' is 3 wide).
std::array<std::string, kBigTextRows> bigText(std::string_view text);

}  // namespace natlims::station
