#include <catch2/catch.hpp>

#include "natlims/domain/GridPath.h"

using namespace natlims::domain;

TEST_CASE("grid paths are validated and trimmed", "[grid]") {
  struct { const char* in; bool ok; const char* normalized; } rows[] = {
      {"D1/S1/C1/B1", true, "D1/S1/C1/B1"},
      {" 东城区 / 东华门街道 / 多福巷社区 ", true, "东城区/东华门街道/多福巷社区"},
      {"D1", true, "D1"},
      {"D1//C1", false, ""},
      {"/D1", false, ""},
      {"D1/", false, ""},
      {"", false, ""},
      {"a/b/c/d/e/f/g", false, ""},
      {"D1/S\x01", false, ""},
      {"D1/\xff\xfe", false, ""},
  };
  for (const auto& row : rows) {
    INFO(row.in);
    const auto r = validateGridPath(row.in);
    CHECK(r.ok == row.ok);
    if (row.ok) CHECK(r.normalized == row.normalized);
  }
}

TEST_CASE("a path lies under a prefix only at a level boundary", "[grid]") {
  CHECK(gridPathUnder("D1/S1/C1", "D1"));
  CHECK(gridPathUnder("D1/S1/C1", "D1/S1/C1"));
  CHECK(gridPathUnder("D1/S1", ""));
  CHECK_FALSE(gridPathUnder("D10/S1", "D1"));
  CHECK_FALSE(gridPathUnder("D1", "D1/S1"));
}
