#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "natlims/links/AstmDelimiters.h"

namespace natlims::links {

/// One E1394 record, fields numbered as the standard does: field 1 is the record type letter,
/// field 2 the sequence number (in H the delimiter definition), and so on.
class AstmRecord {
 public:
  AstmRecord(std::string text, const AstmDelimiters& delimiters);

  /// The record type letter ('H', 'P', 'O', 'R', 'C', 'Q', 'L', ...), upper case; '\0' if empty.
  char type() const;
  /// The raw field `n` (1-based) as received, delimiters and escapes included; "" when absent.
  std::string_view rawField(std::size_t n) const;
  /// The components of the first repetition of field `n`, escapes resolved.
  std::vector<std::string> components(std::size_t n) const;
  /// Component `c` (1-based) of field `n`, escapes resolved; "" when absent.
  std::string component(std::size_t n, std::size_t c) const;
  /// Resolves E1394 escape sequences (&F& &S& &R& &E& and &Xhh..&, with the declared escape
  /// character); unknown sequences are dropped.
  std::string unescape(std::string_view raw) const;

  const std::string& text() const { return _text; }
  std::size_t fieldCount() const { return _fields.size(); }

 private:
  std::string _text;
  AstmDelimiters _delimiters;
  std::vector<std::pair<std::size_t, std::size_t>> _fields;  // offset and length in _text
                                                            // (offsets: copies stay valid)
};

}  // namespace natlims::links
