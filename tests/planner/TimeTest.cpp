#include <catch2/catch.hpp>

#include "OpeningHours.h"
#include "PickupClock.h"
#include "natlims/planner/TimeFormat.h"

using namespace natlims::planner;

TEST_CASE("RFC 3339 times parse to the instant and keep their offset", "[planner][time]") {
  struct Row {
    const char* text;
    double unix;
    int offset;
  } rows[] = {
      {"2026-12-01T06:00:00+08:00", 1796076000, 480},
      {"2026-12-01T06:00:00Z", 1796104800, 0},
      {"2026-12-01 06:00:00-05:30", 1796124600, -330},
      {"2024-02-29T23:59:59.5+00:00", 1709251199.5, 0},
      {"1970-01-01T00:00:00Z", 0, 0},
  };
  for (const auto& row : rows) {
    INFO(row.text);
    const auto t = TimeFormat::parse(row.text);
    REQUIRE(t);
    CHECK(t->unixSeconds == Approx(row.unix));
    CHECK(t->offsetMinutes == row.offset);
  }
  for (const char* bad : {"2026-12-01T06:00:00", "2026-13-01T06:00:00Z", "2025-02-29T06:00:00Z", "2026-12-01T24:00:00Z",
                          "2026-12-01T06:00Z", "2026-12-01T06:00:00+8:00", "2026-12-01T06:00:00+08:00 ", "yesterday"}) {
    INFO(bad);
    CHECK_FALSE(TimeFormat::parse(bad));
  }
}

TEST_CASE("times are written at the start's offset", "[planner][time]") {
  const OffsetTime start{1796076000, 480};  // 2026-12-01T06:00:00+08:00
  CHECK(TimeFormat::after(start, 0) == "2026-12-01T06:00:00+08:00");
  CHECK(TimeFormat::after(start, 41 * 60 + 30) == "2026-12-02T23:30:00+08:00");
  CHECK(TimeFormat::after(start, 48 * 60) == "2026-12-03T06:00:00+08:00");
  CHECK(TimeFormat::format(1796124600, -330) == "2026-12-01T06:00:00-05:30");
  CHECK(TimeFormat::format(1709251199.4, 0) == "2024-02-29T23:59:59+00:00");
}

TEST_CASE("opening hours count open minutes from the start", "[planner][time]") {
  // Open 07:00-22:00, the round starts at 06:00: the first open minute is +60.
  const OpeningHours day({{7, 22}}, 360);
  CHECK_FALSE(day.isOpen(0));
  CHECK(day.isOpen(60));
  CHECK_FALSE(day.isOpen(16 * 60));  // 22:00
  CHECK(day.openBefore(60) == Approx(0));
  CHECK(day.openBefore(16 * 60) == Approx(900));
  CHECK(day.openBefore(24 * 60) == Approx(900));            // 06:00 the next day: closed at night
  CHECK(day.openBefore(30 * 60) == Approx(1200));           // 12:00 the next day
  CHECK(day.openBefore(26 * 60) == Approx(900 + 60));       // 08:00 the next day
  CHECK(day.reachEnd(900) == Approx(16 * 60));              // the day's work ends at 22:00
  CHECK(day.reachStart(900) == Approx(25 * 60));            // the next work starts at 07:00
  CHECK(day.reachEnd(1200) == Approx(25 * 60 + 300));       // 12:00 on day two
  CHECK(day.reachStart(0) == Approx(60));
  CHECK(day.blockEnd(100) == Approx(16 * 60));
  CHECK(day.blockStart(100) == Approx(60));
  CHECK(day.nextOpen(17 * 60) == Approx(25 * 60));
  CHECK(day.nextOpeningAfter(100) == Approx(25 * 60));

  // Open across midnight (20:00-06:00): one block.
  const OpeningHours night({{0, 6}, {20, 24}}, 0);
  CHECK(night.openPerDay() == Approx(600));
  CHECK(night.isOpen(23 * 60));
  CHECK(night.blockEnd(21 * 60) == Approx(30 * 60));
  CHECK(night.blockStart(25 * 60) == Approx(20 * 60));
  CHECK(night.reachEnd(360) == Approx(360));
  CHECK(night.reachEnd(420) == Approx(21 * 60));

  const OpeningHours always({{0, 24}}, 123);
  CHECK(always.alwaysOpen());
  CHECK(always.reachEnd(5000) == Approx(5000));
  CHECK(always.openBetween(10, 70) == Approx(60));
}

TEST_CASE("couriers call every interval from the opening and at closing", "[planner][time]") {
  const OpeningHours day({{7, 22}}, 360);  // start 06:00
  const PickupClock clock(day, 60);
  CHECK(clock.next(0) == Approx(120));             // 08:00: an hour after opening
  CHECK(clock.next(120) == Approx(180));
  CHECK(clock.next(15 * 60 + 30) == Approx(16 * 60));  // 21:30 -> 22:00, the closing call
  CHECK(clock.next(16 * 60) == Approx(26 * 60));   // next morning 08:00
  const PickupClock odd(day, 45);
  CHECK(odd.next(60) == Approx(105));
  CHECK(odd.next(15 * 60 + 50) == Approx(16 * 60));  // 21:50: the 22:00 closing comes first
  const OpeningHours allDay({{0, 24}}, 0);
  const PickupClock always(allDay, 60);
  CHECK(always.next(0) == Approx(60));
  CHECK(always.next(59.5) == Approx(60));
  CHECK(always.next(60) == Approx(120));
}
