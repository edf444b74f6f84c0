#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace natlims::links {

/// The four delimiters of an ASTM E1394 message, declared by its H record: the character after
/// 'H' is the field delimiter, then come the repeat, component and escape delimiters ("H|\^&",
/// GeneXpert "H|@^\"). Never assumed: every record is read with the message's own set.
struct AstmDelimiters {
  char field = '|';
  char repeat = '\\';
  char component = '^';
  char escape = '&';

  /// The delimiters an H record declares; std::nullopt (and `error` set) when the record is not
  /// an H record or the four characters are not distinct printable non-alphanumeric characters.
  static std::optional<AstmDelimiters> fromHeader(std::string_view hRecord, std::string* error = nullptr);
};

}  // namespace natlims::links
