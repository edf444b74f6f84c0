#include "natlims/links/SampleName.h"

#include <array>

#include "Text.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/domain/Masking.h"

namespace natlims::links {

namespace {

struct ControlName {
  std::string_view key;  // upper case, without blanks, '_', '-', '.' and trailing digits
  SampleCheck::Kind kind;
};

// Names labs and instrument templates give their control wells. Kept explicit: a sample name that
// is neither one of these nor a valid tube code is refused, never guessed.
constexpr std::array<ControlName, 24> kControls{{
    {"PC", SampleCheck::Kind::PositiveControl},
    {"POS", SampleCheck::Kind::PositiveControl},
    {"PTC", SampleCheck::Kind::PositiveControl},
    {"POSCTRL", SampleCheck::Kind::PositiveControl},
    {"POSCONTROL", SampleCheck::Kind::PositiveControl},
    {"POSITIVE", SampleCheck::Kind::PositiveControl},
    {"POSITIVECTRL", SampleCheck::Kind::PositiveControl},
    {"POSITIVECONTROL", SampleCheck::Kind::PositiveControl},
    {"阳性对照", SampleCheck::Kind::PositiveControl},
    {"阳性质控", SampleCheck::Kind::PositiveControl},
    {"阳性质控品", SampleCheck::Kind::PositiveControl},
    {"NC", SampleCheck::Kind::NegativeControl},
    {"NEG", SampleCheck::Kind::NegativeControl},
    {"NTC", SampleCheck::Kind::NegativeControl},
    {"NEGCTRL", SampleCheck::Kind::NegativeControl},
    {"NEGCONTROL", SampleCheck::Kind::NegativeControl},
    {"NEGATIVE", SampleCheck::Kind::NegativeControl},
    {"NEGATIVECTRL", SampleCheck::Kind::NegativeControl},
    {"NEGATIVECONTROL", SampleCheck::Kind::NegativeControl},
    {"BLANK", SampleCheck::Kind::NegativeControl},
    {"阴性对照", SampleCheck::Kind::NegativeControl},
    {"阴性质控", SampleCheck::Kind::NegativeControl},
    {"阴性质控品", SampleCheck::Kind::NegativeControl},
    {"空白对照", SampleCheck::Kind::NegativeControl},
}};

std::string controlKey(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '_' || c == '-' || c == '.') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    key.push_back(c);
  }
  while (!key.empty() && key.back() >= '0' && key.back() <= '9') key.pop_back();
  return key;
}

}  // namespace

SampleCheck classifySample(std::string_view text) {
  const auto trimmed = text::trim(text);
  SampleCheck check;
  if (trimmed.empty()) {
    check.error = "empty sample name";
    return check;
  }
  const std::string key = controlKey(trimmed);
  for (const auto& control : kControls) {
    if (key == control.key) {
      check.kind = control.kind;
      check.sample = control.kind == SampleCheck::Kind::PositiveControl ? "PC" : "NC";
      return check;
    }
  }
  const auto code = domain::validateCode(trimmed, domain::CodeKind::Tube);
  if (code.ok) {
    check.kind = SampleCheck::Kind::Tube;
    check.sample = code.code;
    return check;
  }
  check.error = "'" + safeSampleText(trimmed) + "' is neither a tube code (" + code.error +
                ") nor a control name";
  return check;
}

std::string safeSampleText(std::string_view text) {
  const auto trimmed = text::trim(text);
  std::size_t digits = 0;
  for (char c : trimmed) digits += (c >= '0' && c <= '9') ? 1 : 0;
  std::string shown;
  // A valid document number, or anything with as many digits as one (a mistyped ID number is
  // still personal data), is masked.
  if (digits >= 12 || domain::classifyIdNumber(trimmed)) {
    shown = domain::maskIdNumber(trimmed);
  } else {
    shown = std::string(trimmed.substr(0, 40));
    if (trimmed.size() > 40) shown += "...";
  }
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return text::toUtf8(shown);
}

}  // namespace natlims::links
