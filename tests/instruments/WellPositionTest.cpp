#include <catch2/catch.hpp>

#include "natlims/instruments/WellPosition.h"

using namespace natlims::instruments;

TEST_CASE("well labels parse to row and column, padded or not", "[wells]") {
  struct Row {
    const char* text;
    int row;
    int column;
  };
  const Row rows[] = {{"A1", 0, 0}, {"a1", 0, 0}, {"A01", 0, 0}, {" H12 ", 7, 11}, {"P24", 15, 23}, {"B7", 1, 6}, {"o24", 14, 23}};
  for (const auto& r : rows) {
    INFO(r.text);
    const auto p = parseWellLabel(r.text);
    REQUIRE(p);
    CHECK(p->row == r.row);
    CHECK(p->column == r.column);
  }
}

TEST_CASE("texts that are not wells are refused", "[wells]") {
  for (const char* text : {"", "A", "A0", "A25", "Q1", "1A", "A1x", "AA1", "A-1", "12", "A1.5"}) {
    INFO(text);
    CHECK_FALSE(parseWellLabel(text));
  }
}

TEST_CASE("row-major indexes map to wells on 96- and 384-well plates", "[wells]") {
  const PlateFormat p96{8, 12};
  const PlateFormat p384{16, 24};
  CHECK(wellLabel(*wellFromIndex(1, 1, p96)) == "A1");
  CHECK(wellLabel(*wellFromIndex(13, 1, p96)) == "B1");
  CHECK(wellLabel(*wellFromIndex(96, 1, p96)) == "H12");
  CHECK(wellLabel(*wellFromIndex(0, 0, p96)) == "A1");
  CHECK(wellLabel(*wellFromIndex(95, 0, p96)) == "H12");
  CHECK(wellLabel(*wellFromIndex(25, 1, p384)) == "B1");
  CHECK(wellLabel(*wellFromIndex(384, 1, p384)) == "P24");
  CHECK_FALSE(wellFromIndex(97, 1, p96));
  CHECK_FALSE(wellFromIndex(0, 1, p96));
  CHECK(wellIndex(WellPosition{1, 0}, 1, p96) == 13);
  CHECK(wellLabelPadded(WellPosition{0, 4}) == "A05");
  CHECK(wellLabelPadded(WellPosition{7, 11}) == "H12");
  CHECK(plateFormatForWells(96) == PlateFormat{8, 12});
  CHECK(plateFormatForWells(384) == PlateFormat{16, 24});
  CHECK_FALSE(plateFormatForWells(48));
}
