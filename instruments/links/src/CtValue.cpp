#include "natlims/links/CtValue.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "Text.h"

namespace natlims::links {

namespace {

// Marks instruments write where a well did not amplify (FORMATS.md §0.5).
constexpr std::array<std::string_view, 13> kNoAmplification{
    "",       "UNDETERMINED", "NO CT",       "NOCT", "N/A",    "NA", "NAN",
    "NO AMP", "NOAMP",        "NOT AMPLIFIED", "-",  "---",    "UNDET"};

// Interpretations: the instrument's call, not a Ct. A link leaves these out (the server interprets
// Ct values by the kit's rules).
constexpr std::array<std::string_view, 13> kQualitative{
    "POSITIVE", "NEGATIVE", "DETECTED", "NOT DETECTED", "INVALID", "PASS",        "FAIL",
    "POS",      "NEG",      "阳性",     "阴性",         "ERROR",   "INCONCLUSIVE"};

}  // namespace

CtReading parseCtText(std::string_view raw) {
  const std::string upper = text::upperAscii(text::trim(raw));
  for (auto mark : kNoAmplification) {
    if (upper == mark) return {CtReading::Kind::NoAmplification, 0.0};
  }
  for (auto word : kQualitative) {
    if (upper == word) return {CtReading::Kind::Qualitative, 0.0};
  }
  // std::from_chars accepts neither a leading '+' nor blanks: both were trimmed or are invalid.
  double value = 0.0;
  const char* begin = upper.data();
  const char* end = upper.data() + upper.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value, std::chars_format::fixed);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return {CtReading::Kind::Invalid, 0.0};
  if (value <= 0.0 || value >= 999.0) return {CtReading::Kind::NoAmplification, 0.0};
  return {CtReading::Kind::Number, value};
}

}  // namespace natlims::links
