#include "text/TextDecoder.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <memory>

#include "natlims/domain/Utf8.h"
#include "readers/FormatError.h"

namespace natlims::instruments::detail {

namespace {

std::string hexByte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

// glibc's iconv does the conversions whose tables we should not carry ourselves (GB18030 is
// large and has four-byte sequences; UTF-16 surrogates are easy to get wrong).
std::string convertWithIconv(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw FormatError(ReadErrorKind::Malformed, std::string("text encoding ") + from +
                                                    " is not available on this system");
  }
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  std::string out;
  out.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  std::size_t inLeft = bytes.size();
  std::size_t written = 0;
  while (inLeft > 0) {
    char* outPtr = out.data() + written;
    std::size_t outLeft = out.size() - written;
    const std::size_t rc = iconv(cd, &in, &inLeft, &outPtr, &outLeft);
    written = out.size() - outLeft;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    const std::size_t offset = bytes.size() - inLeft;
    if (errno == EINVAL) {
      throw FormatError(ReadErrorKind::Truncated,
                        std::string("the text ends inside a ") + from + " character (byte " +
                            std::to_string(offset) + "): the file looks cut short");
    }
    throw FormatError(ReadErrorKind::Malformed, std::string("byte ") + std::to_string(offset) +
                                                    " is not valid " + from + " text");
  }
  out.resize(written);
  return out;
}

// Windows-1252 differs from Latin-1 only in 0x80..0x9F, where Windows exports put curly quotes,
// the euro sign and the trade mark sign. Undefined code points stay as the C1 control.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string convertLatin1(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char c : bytes) {
    if (c >= 0x80 && c <= 0x9F) {
      appendUtf8(out, kCp1252High[c - 0x80]);
    } else {
      appendUtf8(out, c);
    }
  }
  return out;
}

// GB18030 against Latin-1 for text that is not UTF-8: in GB text every byte >= 0x81 starts a
// two-byte character whose second byte is 0x40..0xFE (or a four-byte one, second byte 0x30..0x39);
// Chinese characters in the GB2312 plane have both bytes in 0xA1..0xFE. Latin-1 text has lone
// high bytes next to ASCII letters ("für" is 66 FC 72). Only text in which every high byte pairs
// up, with the GB2312 pairs the majority, is taken for GB18030.
bool looksLikeGb18030(std::string_view bytes) {
  std::size_t gb2312 = 0;
  std::size_t otherPairs = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) continue;
    if (c == 0x80 || c == 0xFF || i + 1 >= bytes.size()) return false;
    const auto d = static_cast<unsigned char>(bytes[i + 1]);
    if (d >= 0x30 && d <= 0x39) {  // four-byte sequence
      if (i + 3 >= bytes.size()) return false;
      const auto e = static_cast<unsigned char>(bytes[i + 2]);
      const auto f = static_cast<unsigned char>(bytes[i + 3]);
      if (e < 0x81 || e > 0xFE || f < 0x30 || f > 0x39) return false;
      ++otherPairs;
      i += 3;
      continue;
    }
    if (d < 0x40 || d == 0x7F || d == 0xFF) return false;
    if (c >= 0xA1 && d >= 0xA1) {
      ++gb2312;
    } else {
      ++otherPairs;
    }
    ++i;
  }
  return gb2312 > 0 && gb2312 >= otherPairs;
}

bool isForbiddenControl(unsigned char c) {
  // Tab, LF, VT, FF, CR and the DOS end-of-file marker (0x1A) occur in real exports.
  return c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1A;
}

void refuseControlBytes(std::string_view text, const char* what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (isForbiddenControl(c)) {
      throw FormatError(ReadErrorKind::Binary,
                        std::string("binary content: control byte ") + hexByte(c) + " at " +
                            what + " offset " + std::to_string(i) +
                            " (not a text export from an instrument)");
    }
  }
}

// UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte.
const char* sniffBomlessUtf16(std::string_view bytes) {
  const std::size_t n = std::min<std::size_t>(bytes.size() & ~std::size_t{1}, 4096);
  if (n < 4) return nullptr;
  std::size_t evenZero = 0;
  std::size_t oddZero = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    if (bytes[i] == 0) ++evenZero;
    if (bytes[i + 1] == 0) ++oddZero;
  }
  const std::size_t pairs = n / 2;
  if (oddZero * 10 >= pairs * 9 && evenZero * 10 < pairs) return "UTF-16LE";
  if (evenZero * 10 >= pairs * 9 && oddZero * 10 < pairs) return "UTF-16BE";
  return nullptr;
}

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

DecodedText decodeForced(std::string_view bytes, std::string_view forced) {
  const std::string name = lowerAscii(forced);
  if (name == "utf-8" || name == "utf8") {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    if (!natlims::domain::isValidUtf8(bytes)) {
      throw FormatError(ReadErrorKind::Malformed, "the file is not valid UTF-8 text");
    }
    return {std::string(bytes), "utf-8"};
  }
  if (name == "utf-16" || name == "utf-16le" || name == "utf-16be") {
    const char* from = name == "utf-16be" ? "UTF-16BE" : "UTF-16LE";
    if (bytes.substr(0, 2) == "\xFF\xFE") {
      from = "UTF-16LE";
      bytes.remove_prefix(2);
    } else if (bytes.substr(0, 2) == "\xFE\xFF") {
      from = "UTF-16BE";
      bytes.remove_prefix(2);
    }
    return {convertWithIconv(bytes, from), name == "utf-16be" ? "utf-16be" : "utf-16le"};
  }
  if (name == "gb18030" || name == "gbk" || name == "gb2312") {
    return {convertWithIconv(bytes, "GB18030"), "gb18030"};
  }
  if (name == "latin-1" || name == "latin1" || name == "iso-8859-1" || name == "windows-1252" ||
      name == "cp1252") {
    return {convertLatin1(bytes), "latin-1"};
  }
  throw FormatError(ReadErrorKind::Malformed,
                    "unknown text encoding '" + std::string(forced) +
                        "' (use utf-8, utf-16, gb18030 or latin-1)");
}

DecodedText sniffAndDecode(std::string_view bytes) {
  if (bytes.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4)) {
    return {convertWithIconv(bytes.substr(4), "UTF-32LE"), "utf-32le"};
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    if (!natlims::domain::isValidUtf8(bytes)) {
      throw FormatError(ReadErrorKind::Malformed,
                        "the file starts with a UTF-8 byte-order mark but is not valid UTF-8");
    }
    return {std::string(bytes), "utf-8"};
  }
  if (bytes.substr(0, 2) == "\xFF\xFE") return {convertWithIconv(bytes.substr(2), "UTF-16LE"), "utf-16le"};
  if (bytes.substr(0, 2) == "\xFE\xFF") return {convertWithIconv(bytes.substr(2), "UTF-16BE"), "utf-16be"};
  const std::size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos) {
    if (const char* utf16 = sniffBomlessUtf16(bytes)) {
      return {convertWithIconv(bytes, utf16), utf16 == std::string_view("UTF-16LE") ? "utf-16le" : "utf-16be"};
    }
    throw FormatError(ReadErrorKind::Binary, "binary content: NUL byte at offset " +
                                                 std::to_string(nul) +
                                                 " (not a text export from an instrument)");
  }
  refuseControlBytes(bytes, "byte");
  if (natlims::domain::isValidUtf8(bytes)) return {std::string(bytes), "utf-8"};
  if (looksLikeGb18030(bytes)) return {convertWithIconv(bytes, "GB18030"), "gb18030"};
  return {convertLatin1(bytes), "latin-1"};
}

}  // namespace

std::string normalizeLineEndings(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out += c;
    }
  }
  return out;
}

DecodedText decodeText(std::string_view bytes, std::string_view forced) {
  DecodedText decoded = forced.empty() ? sniffAndDecode(bytes) : decodeForced(bytes, forced);
  refuseControlBytes(decoded.text, "decoded character");
  // A BOM may survive conversion from UTF-16/32 (U+FEFF as the first character).
  if (decoded.text.compare(0, 3, "\xEF\xBB\xBF") == 0) decoded.text.erase(0, 3);
  decoded.text = normalizeLineEndings(decoded.text);
  return decoded;
}

}  // namespace natlims::instruments::detail
