#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "natlims/reporting/ReportError.h"
#include "natlims/reporting/RepeatProtocol.h"

using namespace natlims::reporting;
using namespace std::chrono;

namespace {

std::string text(year_month_day d) {
  std::ostringstream out;
  out << static_cast<int>(d.year()) << '-' << (static_cast<unsigned>(d.month()) < 10 ? "0" : "")
      << static_cast<unsigned>(d.month()) << '-' << (static_cast<unsigned>(d.day()) < 10 ? "0" : "")
      << static_cast<unsigned>(d.day());
  return out.str();
}

// "earliest..latest" per test, "|" between tests; "+24h" marks a minimum gap.
std::string schedule(const std::vector<DueTest>& due) {
  std::string out;
  for (const DueTest& t : due) {
    if (!out.empty()) out += " | ";
    out += "d" + std::to_string(t.day) + " " + text(t.earliest);
    if (t.latest != t.earliest) out += ".." + text(t.latest);
    if (t.minHoursAfterPrevious) out += " +" + std::to_string(t.minHoursAfterPrevious) + "h";
  }
  return out;
}

// A local (+08:00) time as Millis.
Millis at(year_month_day day, int hour, int minute = 0) {
  const sys_seconds local = sys_days{day} + hours{hour} + minutes{minute};
  return duration_cast<milliseconds>((local - hours{8}).time_since_epoch()).count();
}

std::string states(const std::vector<TestState>& s) {
  std::string out;
  for (const TestState& t : s) out += (out.empty() ? "" : " ") + std::string(testStatusName(t.status));
  return out;
}

const year_month_day enrolment = 2026y / December / 1;

}  // namespace

TEST_CASE("the protocol table: unique ids, a source, tests inside their windows", "[reporting][protocols]") {
  std::set<std::string> ids;
  for (const RepeatProtocol& p : repeatProtocols()) {
    INFO(p.id);
    CHECK(ids.insert(p.id).second);
    CHECK_FALSE(p.name.empty());
    CHECK_FALSE(p.description.empty());
    CHECK(p.source.rfind("seed 00", 0) == 0);
    CHECK(p.lengthDays > 0);
    CHECK((p.openEnded() ? p.tests.empty() : !p.tests.empty()));
    int previousDay = 0;
    for (const ProtocolTest& t : p.tests) {
      CHECK(t.earliestDay <= t.day);
      CHECK(t.day <= t.latestDay);
      CHECK(t.day > previousDay);
      previousDay = t.day;
    }
    CHECK(findRepeatProtocol(p.id) == &p);
  }
  CHECK(ids == std::set<std::string>{"14+7+9", "15-30-60-90", "14+4+2", "14+4", "14+2", "home-weekly", "day13-day14"});
  CHECK(findRepeatProtocol("14+7+7") == nullptr);
}

TEST_CASE("due tests of each protocol for someone enrolled on 2026-12-01", "[reporting][protocols]") {
  struct Row {
    const char* protocol;
    std::optional<year_month_day> end;
    const char* expected;
  };
  const Row rows[] = {
      {"14+7+9", std::nullopt,
       "d1 2026-12-01..2026-12-02 | d14 2026-12-13..2026-12-14 | d21 2026-12-20..2026-12-21 | d30 2026-12-29..2026-12-30"},
      {"15-30-60-90", std::nullopt,
       "d15 2026-12-14..2026-12-16 | d30 2026-12-29..2026-12-31 | d60 2027-01-28..2027-01-30 | "
       "d90 2027-02-27..2027-03-01"},
      {"14+4+2", std::nullopt,
       "d1 2026-12-01..2026-12-02 | d7 2026-12-06..2026-12-08 | d13 2026-12-13 | d14 2026-12-14 +24h"},
      {"14+4", std::nullopt,
       "d1 2026-12-01..2026-12-02 | d7 2026-12-06..2026-12-08 | d13 2026-12-13 | d14 2026-12-14 +24h"},
      {"14+2", std::nullopt, "d7 2026-12-06..2026-12-08 | d14 2026-12-13..2026-12-14"},
      {"home-weekly", std::nullopt, "d7 2026-12-06..2026-12-07 | d14 2026-12-13..2026-12-14"},
      {"home-weekly", 2026y / December / 28,
       "d7 2026-12-06..2026-12-07 | d14 2026-12-13..2026-12-14 | d21 2026-12-20..2026-12-21 | d28 2026-12-27..2026-12-28"},
      {"home-weekly", 2026y / December / 5, ""},
      {"day13-day14", std::nullopt, "d13 2026-12-13 | d14 2026-12-14 +24h"},
      // A fixed protocol cut short: released on day 21.
      {"14+7+9", 2026y / December / 21,
       "d1 2026-12-01..2026-12-02 | d14 2026-12-13..2026-12-14 | d21 2026-12-20..2026-12-21"},
      // The follow-up ending on day 90 keeps its last test, its window cut at the end.
      {"15-30-60-90", 2027y / February / 28,
       "d15 2026-12-14..2026-12-16 | d30 2026-12-29..2026-12-31 | d60 2027-01-28..2027-01-30 | "
       "d90 2027-02-27..2027-02-28"},
  };
  for (const Row& row : rows) {
    INFO(row.protocol);
    const RepeatProtocol* p = findRepeatProtocol(row.protocol);
    REQUIRE(p);
    const auto due = dueTests(*p, enrolment, row.end);
    CHECK(schedule(due) == row.expected);
    for (std::size_t i = 0; i < due.size(); ++i) CHECK(due[i].sequence == static_cast<int>(i) + 1);
  }
}

TEST_CASE("an end before the enrolment, or an invalid date, is refused", "[reporting][protocols]") {
  const RepeatProtocol& p = *findRepeatProtocol("home-weekly");
  CHECK_THROWS_WITH(dueTests(p, enrolment, 2026y / November / 30), Catch::Contains("end"));
  CHECK_THROWS_WITH(dueTests(p, 2026y / February / 30), Catch::Contains("enrolment"));
}

TEST_CASE("tests are done, due, overdue or upcoming given the samples taken", "[reporting][protocols]") {
  const auto d = [](int day) { return year_month_day{sys_days{enrolment} + days{day - 1}}; };
  struct Row {
    const char* what;
    const char* protocol;
    std::vector<Millis> taken;
    year_month_day today;
    const char* expected;
  };
  const Row rows[] = {
      {"nothing yet", "day13-day14", {}, d(10), "upcoming upcoming"},
      {"day 13, nothing taken", "day13-day14", {}, d(13), "due upcoming"},
      {"day 14, nothing taken", "day13-day14", {}, d(14), "overdue due"},
      {"both in time", "day13-day14", {at(d(13), 9), at(d(14), 10)}, d(15), "done done"},
      {"only 23 h apart", "day13-day14", {at(d(13), 10), at(d(14), 9)}, d(14), "done due"},
      {"only 23 h apart, day over", "day13-day14", {at(d(13), 10), at(d(14), 9)}, d(15), "done overdue"},
      {"a third sample late on day 14 does it", "day13-day14", {at(d(13), 10), at(d(14), 9), at(d(14), 21)}, d(15),
       "done done"},
      {"too early counts for nothing", "day13-day14", {at(d(12), 23)}, d(13), "due upcoming"},
      {"local date, not UTC: 07:00 on day 13 is day 12 in UTC", "day13-day14", {at(d(13), 7), at(d(14), 8)}, d(14),
       "done done"},
      {"one sample does one test", "14+2", {at(d(7), 9)}, d(14), "done due"},
      {"samples in any order", "14+7+9", {at(d(14), 9), at(d(1), 9)}, d(22), "done done overdue upcoming"},
      {"missed the first, the rest counts", "14+7+9", {at(d(14), 9), at(d(21), 9), at(d(30), 9)}, d(30),
       "overdue done done done"},
      {"windows of the follow-ups", "15-30-60-90", {at(d(16), 9), at(d(28), 9)}, d(32), "done overdue upcoming upcoming"},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    const auto due = dueTests(*findRepeatProtocol(row.protocol), enrolment);
    const auto result = classifyTests(due, row.taken, row.today);
    CHECK(states(result) == row.expected);
    for (const TestState& s : result) CHECK(s.takenAt.has_value() == (s.status == TestStatus::Done));
  }
}

TEST_CASE("the sample that did a test is reported with it", "[reporting][protocols]") {
  const auto due = dueTests(*findRepeatProtocol("day13-day14"), enrolment);
  const year_month_day d13 = 2026y / December / 13;
  const year_month_day d14 = 2026y / December / 14;
  const auto result = classifyTests(due, {at(d14, 21), at(d13, 10), at(d14, 9)}, d14);
  REQUIRE(result.size() == 2);
  CHECK(*result[0].takenAt == at(d13, 10));
  CHECK(*result[1].takenAt == at(d14, 21));
}
