#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace natlims::domain {

/// Tube, box and courier codes (docs/codes.md).
///
/// A code is 10 symbols from a 31-symbol alphabet (digits and upper-case letters without the
/// look-alikes B, I, O, S, Z): one kind symbol, 8 payload symbols, one check symbol. With values
/// v1..v10 the code is valid when  sum(i * v_i) = 0 (mod 31).  Because 31 is prime and the weights
/// 1..10 are distinct and non-zero, every single-symbol substitution and every transposition of two
/// symbols (adjacent or not) changes the sum, so it is caught. tests/domain proves it exhaustively.
namespace codes {

inline constexpr std::string_view kAlphabet = "0123456789ACDEFGHJKLMNPQRTUVWXY";
inline constexpr int kModulus = 31;
inline constexpr std::size_t kLength = 10;
inline constexpr std::size_t kPayloadLength = 8;

}  // namespace codes

enum class CodeKind { Tube, Box, Courier };

/// The leading symbol of each kind: 'T' tube, 'X' box, 'K' courier.
char codeKindSymbol(CodeKind kind);
std::string_view codeKindName(CodeKind kind);

/// The value 0..30 of an alphabet symbol, or -1.
int codeSymbolValue(char c);

/// Brings typed or scanned text to canonical form: upper case, blanks and '-' removed, and the
/// excluded look-alikes mapped to what they resemble (O->0, I->1, S->5, Z->2, B->8).
std::string normalizeCode(std::string_view text);

/// The check symbol for the first 9 symbols of a code (kind + payload). Throws
/// std::invalid_argument on a symbol outside the alphabet or a wrong length.
char codeCheckSymbol(std::string_view first9);

/// Builds a code of `kind` from 8 payload symbols; throws std::invalid_argument when they are not
/// 8 alphabet symbols.
std::string makeCode(CodeKind kind, std::string_view payload);

/// Builds the code of `kind` whose payload encodes `n` in base 31 (0 <= n < 31^8).
std::string makeCodeFromNumber(CodeKind kind, std::uint64_t n);

/// The outcome of validating a code.
struct CodeCheck {
  bool ok = false;
  CodeKind kind = CodeKind::Tube;
  std::string code;   // canonical form when ok
  std::string error;  // when !ok: why ("wrong check character", "not a tube code", ...)
};

/// The one validation every place that accepts a code uses. Normalizes first (normalizeCode);
/// when `expected` is given, a valid code of another kind is refused.
CodeCheck validateCode(std::string_view text, std::optional<CodeKind> expected = std::nullopt);

/// The code split for reading aloud in groups of 4, 3 and 3: "T3K7 9QW 4XA".
std::string groupCodeForReading(std::string_view code);

}  // namespace natlims::domain
