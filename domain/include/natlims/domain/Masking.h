#pragma once

#include <string>
#include <string_view>

namespace natlims::domain {

/// Masks an identity number for screens, logs and lists: the first 4 and last 4 characters of a
/// number of 12 or more ("1101**********123X"); for shorter numbers the first 2 and last 2 (or
/// less), never revealing more than half of the characters.
std::string maskIdNumber(std::string_view number);

/// Masks a name: its first character (a UTF-8 code point) and one '*' per remaining code point
/// ("张三" -> "张*", "Li Lei" -> "L*****").
std::string maskName(std::string_view name);

/// Masks a phone number: first 3 and last 4 digits of 11 or more ("138****5678").
std::string maskPhone(std::string_view phone);

}  // namespace natlims::domain
