#include "natlims/domain/CodeScheme.h"

#include <stdexcept>

namespace natlims::domain {

namespace {

// The weight of symbol position i (0-based): i + 1. Distinct and non-zero modulo 31 for all 10
// positions, which is what makes every substitution and transposition detectable.
int weightedSum(std::string_view symbols) {
  int sum = 0;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const int v = codeSymbolValue(symbols[i]);
    if (v < 0) throw std::invalid_argument("code symbol outside the alphabet");
    sum = (sum + static_cast<int>(i + 1) * v) % codes::kModulus;
  }
  return sum;
}

// The multiplicative inverse of 10 (the check symbol's weight) modulo 31: 10 * 28 = 280 = 9*31 + 1.
constexpr int kInverseOfCheckWeight = 28;
static_assert((10 * kInverseOfCheckWeight) % codes::kModulus == 1);

}  // namespace

char codeKindSymbol(CodeKind kind) {
  switch (kind) {
    case CodeKind::Tube: return 'T';
    case CodeKind::Box: return 'X';
    case CodeKind::Courier: return 'K';
  }
  return '?';
}

std::string_view codeKindName(CodeKind kind) {
  switch (kind) {
    case CodeKind::Tube: return "tube";
    case CodeKind::Box: return "box";
    case CodeKind::Courier: return "courier";
  }
  return "?";
}

int codeSymbolValue(char c) {
  const auto pos = codes::kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string normalizeCode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    switch (c) {
      case 'O': c = '0'; break;
      case 'I': c = '1'; break;
      case 'S': c = '5'; break;
      case 'Z': c = '2'; break;
      case 'B': c = '8'; break;
      default: break;
    }
    out.push_back(c);
  }
  return out;
}

char codeCheckSymbol(std::string_view first9) {
  if (first9.size() != codes::kLength - 1) throw std::invalid_argument("code prefix must be 9 symbols");
  const int sum = weightedSum(first9);
  // Solve sum + 10 * v = 0 (mod 31) for v.
  const int v = ((codes::kModulus - sum) % codes::kModulus) * kInverseOfCheckWeight % codes::kModulus;
  return codes::kAlphabet[static_cast<std::size_t>(v)];
}

std::string makeCode(CodeKind kind, std::string_view payload) {
  if (payload.size() != codes::kPayloadLength) throw std::invalid_argument("code payload must be 8 symbols");
  std::string code(1, codeKindSymbol(kind));
  code += payload;
  code.push_back(codeCheckSymbol(code));
  return code;
}

std::string makeCodeFromNumber(CodeKind kind, std::uint64_t n) {
  std::string payload(codes::kPayloadLength, '0');
  for (std::size_t i = codes::kPayloadLength; i-- > 0;) {
    payload[i] = codes::kAlphabet[n % codes::kModulus];
    n /= codes::kModulus;
  }
  if (n != 0) throw std::invalid_argument("code number out of range");
  return makeCode(kind, payload);
}

CodeCheck validateCode(std::string_view text, std::optional<CodeKind> expected) {
  CodeCheck r;
  const std::string code = normalizeCode(text);
  if (code.empty()) { r.error = "is empty"; return r; }
  if (code.size() != codes::kLength) {
    r.error = "must be " + std::to_string(codes::kLength) + " characters";
    return r;
  }
  for (char c : code) {
    if (codeSymbolValue(c) < 0) { r.error = "contains a character outside the code alphabet"; return r; }
  }
  if (weightedSum(code) != 0) { r.error = "has a wrong check character (mistyped or misread)"; return r; }
  const char k = code[0];
  if (k == 'T') r.kind = CodeKind::Tube;
  else if (k == 'X') r.kind = CodeKind::Box;
  else if (k == 'K') r.kind = CodeKind::Courier;
  else { r.error = "is not a tube, box or courier code"; return r; }
  if (expected && *expected != r.kind) {
    r.error = "is a " + std::string(codeKindName(r.kind)) + " code, not a " + std::string(codeKindName(*expected)) + " code";
    return r;
  }
  r.ok = true;
  r.code = code;
  return r;
}

std::string groupCodeForReading(std::string_view code) {
  if (code.size() != codes::kLength) return std::string(code);
  std::string out(code.substr(0, 4));
  out.push_back(' ');
  out += code.substr(4, 3);
  out.push_back(' ');
  out += code.substr(7, 3);
  return out;
}

}  // namespace natlims::domain
