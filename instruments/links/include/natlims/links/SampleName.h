#pragma once

#include <string>
#include <string_view>

namespace natlims::links {

/// What a sample name from an instrument stands for.
struct SampleCheck {
  enum class Kind { Tube, PositiveControl, NegativeControl, Invalid };
  Kind kind = Kind::Invalid;
  std::string sample;  // canonical tube code, "PC" or "NC"; empty when Invalid
  std::string error;   // when Invalid: why, with the text shown masked (safeSampleText)
};

/// Classifies a sample name: a control name first (case-insensitive, blanks, '_', '-' and '.'
/// ignored, a trailing number allowed: "PC", "pos ctrl 2", "NTC-1", "Negative Control", "阴性对照",
/// docs/links.md has the table), else a tube code checked by natlims::domain::validateCode
/// (normalised: "t3k7-9qw4xa" is accepted in canonical form). Surrounding blanks are ignored.
SampleCheck classifySample(std::string_view text);

/// `text` as it may appear in a log or an error message: masked with maskIdNumber when it looks
/// like an identity document number (an instrument may carry one in a sample field), cut to 40
/// bytes, control characters replaced by '?'.
std::string safeSampleText(std::string_view text);

}  // namespace natlims::links
