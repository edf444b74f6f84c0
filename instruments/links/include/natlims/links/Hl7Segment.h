#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace natlims::links {

/// The separators of an HL7 v2 message, read from MSH-1 (field) and MSH-2 (component, repetition,
/// escape, subcomponent, and the optional truncation character of v2.7). Never assumed.
struct Hl7Encoding {
  char field = '|';
  char component = '^';
  char repetition = '~';
  char escape = '\\';
  char subcomponent = '&';
  std::string msh2 = "^~\\&";  // MSH-2 as received, echoed in the ACK
};

/// One segment: its fields as received (raw), numbered as HL7 does (MSH-1 is the field separator
/// itself, MSH-2 the encoding characters).
class Hl7Segment {
 public:
  Hl7Segment(std::string text, const Hl7Encoding& encoding);

  /// "MSH", "PID", "OBX", ...
  const std::string& name() const { return _name; }
  /// The raw field `n` (1-based), escapes and separators included; "" when absent.
  std::string_view rawField(std::size_t n) const;
  /// Component `c`, subcomponent `s` (1-based) of the first repetition of field `n`, escapes
  /// resolved; "" when absent.
  std::string get(std::size_t n, std::size_t c = 1, std::size_t s = 1) const;
  /// The number of components of the first repetition of field `n`.
  std::size_t componentCount(std::size_t n) const;
  /// Resolves \F\ \S\ \T\ \R\ \E\ \Xhh..\ and \.br\ (a line break) with the declared escape
  /// character; other sequences (formatting) are dropped.
  std::string unescape(std::string_view raw) const;

 private:
  std::string _text;
  std::string _name;
  Hl7Encoding _encoding;
  // Offset and length in _text of each field, [0] the name (offsets: copies stay valid).
  std::vector<std::pair<std::size_t, std::size_t>> _fields;
};

}  // namespace natlims::links
