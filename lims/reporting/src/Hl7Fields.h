#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::reporting::detail {

/// Composite field values from data: each component escaped, joined by '^', trailing empty
/// components dropped ("" stays "").
std::string hl7Components(std::initializer_list<std::string_view> components);

/// One segment being written: fields set by their HL7 number, the rest left empty.
class Hl7SegmentWriter {
 public:
  explicit Hl7SegmentWriter(std::string name) : _name(std::move(name)) {}

  /// Sets field `n` (1-based) to a value already escaped / composed.
  Hl7SegmentWriter& raw(std::size_t n, std::string value);
  /// Sets field `n` to `text`, escaped.
  Hl7SegmentWriter& text(std::size_t n, std::string_view text);
  /// The segment, trailing empty fields dropped, without the CR.
  std::string str() const;

 private:
  std::string _name;
  std::vector<std::string> _fields;
};

}  // namespace natlims::reporting::detail
