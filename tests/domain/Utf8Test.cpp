#include <catch2/catch.hpp>

#include "natlims/domain/Utf8.h"

using namespace natlims::domain;

TEST_CASE("UTF-8 validation refuses malformed, overlong and surrogate sequences", "[utf8]") {
  CHECK(isValidUtf8("张三 Zhang"));
  CHECK(isValidUtf8("\xF0\x9F\x98\x80"));      // U+1F600
  CHECK_FALSE(isValidUtf8("\xC0\xAF"));        // overlong '/'
  CHECK_FALSE(isValidUtf8("\xED\xA0\x80"));    // surrogate
  CHECK_FALSE(isValidUtf8("\xE5\xBC"));        // truncated
  CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST_CASE("person names are bounded and free of control characters", "[utf8]") {
  CHECK(checkPersonName("张三").empty());
  CHECK(checkPersonName("  Li Lei ").empty());
  CHECK_FALSE(checkPersonName("").empty());
  CHECK_FALSE(checkPersonName("   ").empty());
  CHECK_FALSE(checkPersonName("a\nb").empty());
  CHECK_FALSE(checkPersonName("a\xC2\x85" "b").empty());  // NEL, a C1 control
  CHECK_FALSE(checkPersonName(std::string(65, 'a')).empty());
  std::string sixtyFourHan;
  for (int i = 0; i < 64; ++i) sixtyFourHan += "张";
  CHECK(checkPersonName(sixtyFourHan).empty());
  CHECK_FALSE(checkPersonName(sixtyFourHan + "张").empty());
}
