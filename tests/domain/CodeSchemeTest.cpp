#include <catch2/catch.hpp>

#include <random>

#include "natlims/domain/CodeScheme.h"

using namespace natlims::domain;

namespace {

std::vector<std::string> sampleCodes(std::size_t n, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> out;
  const CodeKind kinds[] = {CodeKind::Tube, CodeKind::Box, CodeKind::Courier};
  for (std::size_t i = 0; i < n; ++i) {
    std::string payload;
    for (std::size_t k = 0; k < codes::kPayloadLength; ++k) payload.push_back(codes::kAlphabet[rng() % 31]);
    out.push_back(makeCode(kinds[i % 3], payload));
  }
  return out;
}

}  // namespace

TEST_CASE("the alphabet has 31 distinct symbols and no look-alikes", "[codes]") {
  CHECK(codes::kAlphabet.size() == 31);
  for (char c : std::string_view("BIOSZ")) CHECK(codes::kAlphabet.find(c) == std::string_view::npos);
  for (std::size_t i = 0; i < codes::kAlphabet.size(); ++i)
    CHECK(codes::kAlphabet.find(codes::kAlphabet[i]) == i);
}

TEST_CASE("generated codes validate and keep their kind", "[codes]") {
  for (const auto& code : sampleCodes(3000, 1)) {
    const auto r = validateCode(code);
    INFO(code);
    REQUIRE(r.ok);
    CHECK(r.code == code);
    CHECK(r.code.size() == codes::kLength);
    CHECK(codeKindSymbol(r.kind) == code[0]);
  }
}

TEST_CASE("every single-symbol substitution is caught, exhaustively on a sample", "[codes]") {
  std::size_t tried = 0;
  for (const auto& code : sampleCodes(2000, 2)) {
    for (std::size_t pos = 0; pos < code.size(); ++pos) {
      for (char c : codes::kAlphabet) {
        if (c == code[pos]) continue;
        std::string bad = code;
        bad[pos] = c;
        ++tried;
        if (validateCode(bad).ok) FAIL("substitution accepted: " << code << " -> " << bad);
      }
    }
  }
  CHECK(tried == 2000u * 10u * 30u);
}

TEST_CASE("every transposition of two different symbols is caught, exhaustively on a sample", "[codes]") {
  std::size_t tried = 0;
  for (const auto& code : sampleCodes(2000, 3)) {
    for (std::size_t i = 0; i < code.size(); ++i) {
      for (std::size_t j = i + 1; j < code.size(); ++j) {
        if (code[i] == code[j]) continue;
        std::string bad = code;
        std::swap(bad[i], bad[j]);
        ++tried;
        if (validateCode(bad).ok) FAIL("transposition accepted: " << code << " -> " << bad);
      }
    }
  }
  CHECK(tried > 2000u * 40u);
}

TEST_CASE("the check proof holds for every symbol pair at every position, not only a sample", "[codes]") {
  // Algebraic form of the two claims, over the whole alphabet: for weights w_i = i + 1,
  // w_i * (a - b) != 0 and (w_i - w_j) * (a - b) != 0 modulo 31 whenever a != b.
  for (int i = 1; i <= 10; ++i)
    for (int a = 0; a < 31; ++a)
      for (int b = 0; b < 31; ++b) {
        if (a == b) continue;
        CHECK((i * (a - b) % 31 + 31) % 31 != 0);
        for (int j = i + 1; j <= 10; ++j) CHECK(((i - j) * (a - b) % 31 + 31) % 31 != 0);
      }
}

TEST_CASE("codes are normalized from how people type them", "[codes]") {
  const std::string code = makeCode(CodeKind::Tube, "01234567");
  std::string typed = code;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(validateCode(typed).code == code);
  CHECK(validateCode(groupCodeForReading(code)).code == code);
  // O for 0 and I for 1: the excluded look-alikes map back to what they resemble.
  std::string lookalike = code;
  lookalike[1] = 'O';
  lookalike[2] = 'I';
  CHECK(validateCode(lookalike).code == code);
}

TEST_CASE("codes of the wrong kind, length or alphabet are refused with a reason", "[codes]") {
  const std::string tube = makeCodeFromNumber(CodeKind::Tube, 12345);
  const std::string box = makeCodeFromNumber(CodeKind::Box, 12345);
  CHECK(validateCode(tube, CodeKind::Tube).ok);
  CHECK_FALSE(validateCode(box, CodeKind::Tube).ok);
  CHECK(validateCode(box, CodeKind::Tube).error.find("box") != std::string::npos);
  CHECK_FALSE(validateCode("").ok);
  CHECK_FALSE(validateCode(tube.substr(0, 9)).ok);
  CHECK_FALSE(validateCode(tube + "0").ok);
  CHECK_FALSE(validateCode("T12345678!").ok);
  // A valid checksum but an unknown kind symbol.
  CHECK_FALSE(validateCode(makeCode(CodeKind::Tube, "00000000").replace(0, 1, "A")).ok);
}

TEST_CASE("codes from numbers are distinct and in range", "[codes]") {
  CHECK(makeCodeFromNumber(CodeKind::Tube, 0) == makeCode(CodeKind::Tube, "00000000"));
  CHECK(makeCodeFromNumber(CodeKind::Tube, 1) != makeCodeFromNumber(CodeKind::Tube, 2));
  std::uint64_t max = 1;
  for (int i = 0; i < 8; ++i) max *= 31;
  CHECK_NOTHROW(makeCodeFromNumber(CodeKind::Box, max - 1));
  CHECK_THROWS_AS(makeCodeFromNumber(CodeKind::Box, max), std::invalid_argument);
}

TEST_CASE("codes are grouped 4-3-3 for reading aloud", "[codes]") {
  CHECK(groupCodeForReading("T123456789") == "T123 456 789");
}
