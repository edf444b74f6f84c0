#pragma once

// Small text helpers shared by the link sources (private to the library).

#include <string>
#include <string_view>
#include <vector>

namespace natlims::links::text {

std::string_view trim(std::string_view s);
std::string upperAscii(std::string_view s);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
/// Splits on `sep`; always returns at least one (possibly empty) piece.
std::vector<std::string_view> split(std::string_view s, char sep);
/// `s` when it is well-formed UTF-8, else `s` read as Latin-1 and converted to UTF-8 (older
/// instruments write Latin-1; the run document is UTF-8).
std::string toUtf8(std::string_view s);
/// Printable form of raw protocol bytes for logs: control bytes as <STX>, <0x1C>, ...
std::string showBytes(std::string_view s, std::size_t max = 80);

}  // namespace natlims::links::text
