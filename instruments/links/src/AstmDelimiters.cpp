#include "natlims/links/AstmDelimiters.h"

#include <cctype>

namespace natlims::links {

namespace {

bool usableDelimiter(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F && !std::isalnum(u);
}

}  // namespace

std::optional<AstmDelimiters> AstmDelimiters::fromHeader(std::string_view h, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<AstmDelimiters> {
    if (error) *error = std::move(why);
    return std::nullopt;
  };
  if (h.empty() || (h[0] != 'H' && h[0] != 'h')) return fail("the message does not start with an H record");
  if (h.size() < 5) return fail("the H record is too short to declare the four delimiters");
  AstmDelimiters d{h[1], h[2], h[3], h[4]};
  const char all[] = {d.field, d.repeat, d.component, d.escape};
  for (int i = 0; i < 4; ++i) {
    if (!usableDelimiter(all[i])) {
      return fail("H record delimiter " + std::to_string(i + 1) + " is not a printable non-alphanumeric character");
    }
    for (int j = 0; j < i; ++j) {
      if (all[i] == all[j]) return fail("the H record declares the same character for two delimiters");
    }
  }
  // The field after the definition must start with the field delimiter again ("H|\^&|").
  if (h.size() > 5 && h[5] != d.field) return fail("the H record's delimiter definition is not followed by the field delimiter");
  return d;
}

}  // namespace natlims::links
