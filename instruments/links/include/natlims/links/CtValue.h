#pragma once

#include <string_view>

namespace natlims::links {

/// A Ct (Cq, Cp) value as an instrument wrote it.
struct CtReading {
  enum class Kind {
    Number,           // `value` holds the Ct
    NoAmplification,  // a no-amplification mark (see parseCtText)
    Qualitative,      // an interpretation word (POSITIVE, NOT DETECTED, PASS, INVALID, ...): not a Ct
    Invalid,          // anything else
  };
  Kind kind = Kind::Invalid;
  double value = 0.0;
};

/// Reads a Ct as instruments write it (docs/links.md "Ct values"): a decimal number ('.' as the
/// decimal mark); a number <= 0 or >= 999 is the instrument's way of saying "no Ct" (GeneXpert
/// 0.0, RDML -1, 999); "", "Undetermined", "No Ct", "N/A", "NA", "NaN", "No Amp", "-" mean no
/// amplification; "POSITIVE", "NEGATIVE", "DETECTED", "NOT DETECTED", "INVALID", "PASS", "FAIL",
/// "POS", "NEG", "阳性", "阴性" are interpretations. Case and surrounding blanks are ignored.
CtReading parseCtText(std::string_view text);

}  // namespace natlims::links
