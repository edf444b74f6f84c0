#include <catch2/catch.hpp>

#include "natlims/domain/Masking.h"

using namespace natlims::domain;

TEST_CASE("identity numbers are masked to their first and last four", "[mask][privacy]") {
  struct { const char* in; const char* out; } rows[] = {
      {"11010519491231002X", "1101**********002X"},
      {"110105491231002", "1101*******1002"},
      {"E12345678", "E1*****78"},
      {"H1234567801", "H1*******01"},
      {"AB", "**"},
      {"", ""},
  };
  for (const auto& row : rows) {
    INFO(row.in);
    CHECK(maskIdNumber(row.in) == row.out);
  }
}

TEST_CASE("names keep only their first character", "[mask][privacy]") {
  CHECK(maskName("张三") == "张*");
  CHECK(maskName("欧阳娜娜") == "欧***");
  CHECK(maskName("王") == "王*");
  CHECK(maskName("Li Lei") == "L*****");
  CHECK(maskName("") == "");
}

TEST_CASE("phones keep the first three and last four digits", "[mask][privacy]") {
  CHECK(maskPhone("13812345678") == "138****5678");
  CHECK(maskPhone("+8613812345678") == "+86*******5678");
  CHECK(maskPhone("12345") == "1***5");
}
