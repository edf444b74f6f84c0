#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace natlims::domain {

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view text);

/// The number of code points in well-formed UTF-8 text.
std::size_t utf8Length(std::string_view text);

/// True when `text` holds a C0/C1 control character or DEL (tab included).
bool hasControlCharacter(std::string_view text);

/// `text` without leading and trailing ASCII blanks.
std::string_view trimBlanks(std::string_view text);

/// A person's name checked for storage: well-formed UTF-8, no control characters, 1..`maxChars`
/// code points after trimming. Returns an empty string when valid, else the reason.
std::string checkPersonName(std::string_view name, std::size_t maxChars = 64);

}  // namespace natlims::domain
