#pragma once

#include <string>
#include <string_view>

namespace natlims::instruments::detail {

struct DecodedText {
  std::string text;      // UTF-8, LF line endings, no BOM
  std::string encoding;  // what was read: "utf-8", "utf-16le", "utf-16be", "gb18030", "latin-1"
};

/// Decodes a text export to UTF-8 with LF line endings. The encoding is `forced` when given,
/// else sniffed: a BOM (UTF-8, UTF-16 LE/BE), BOM-less UTF-16 (every other byte NUL), strict
/// UTF-8, then GB18030 when every non-ASCII byte pairs up as a GB double-byte character in the
/// GB2312 range, else Windows-1252/Latin-1. Throws FormatError(Binary) for NUL or control bytes
/// that no text export contains, naming the offset.
DecodedText decodeText(std::string_view bytes, std::string_view forced = {});

/// CRLF and lone CR become LF.
std::string normalizeLineEndings(std::string_view text);

}  // namespace natlims::instruments::detail
