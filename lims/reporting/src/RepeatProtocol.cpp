#include "natlims/reporting/RepeatProtocol.h"

#include <algorithm>

#include "TimeFormat.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

namespace {

using namespace std::chrono;

// The seeds fix how many tests each protocol has and in which stage; where they leave the day
// open we put a stage's test at its end (the result that releases the person into the next
// stage) and the first test of a central quarantine on arrival. docs/reporting.md gives the
// reasons per protocol.
std::vector<RepeatProtocol> buildProtocols() {
  std::vector<RepeatProtocol> all;
  all.push_back({"14+7+9", "“14+7+9”医学观察",
                 "14 days' central quarantine at the port of entry with 2 tests, 7 more days' central observation "
                 "with 1 test, 9 days' home health monitoring with 1 test at its end",
                 "seed 001 §1", 30,
                 {{1, 1, 2, 0, "central quarantine: on arrival"},
                  {14, 13, 14, 0, "central quarantine: before it ends"},
                  {21, 20, 21, 0, "7 days' central observation: before it ends"},
                  {30, 29, 30, 0, "9 days' home monitoring: at its end"}},
                 0, 0});
  all.push_back({"15-30-60-90", "“15369”健康随访",
                 "follow-up tests on the 15th, 30th, 60th and 90th day after medical observation ends "
                 "(enrol on the first day after it)",
                 "seed 001 §1", 91,
                 {{15, 14, 16, 0, "follow-up, day 15"},
                  {30, 29, 31, 0, "follow-up, day 30"},
                  {60, 59, 61, 0, "follow-up, day 60"},
                  {90, 89, 91, 0, "follow-up, day 90"}},
                 0, 0});
  all.push_back({"14+4+2", "“14+4+2”集中隔离医学观察",
                 "14 days' central quarantine with 4 nucleic-acid tests (the 2 antibody tests are not PCR and not "
                 "scheduled here); the last two on days 13 and 14 at least 24 h apart",
                 "seed 002 §9", 14,
                 {{1, 1, 2, 0, "on arrival"},
                  {7, 6, 8, 0, "mid-quarantine"},
                  {13, 13, 13, 0, "exit test 1"},
                  {14, 14, 14, 24, "exit test 2 (>= 24 h after exit test 1)"}},
                 0, 0});
  all.push_back({"14+4", "“14+4”集中隔离医学观察",
                 "14 days' central quarantine with 4 nucleic-acid tests, on the same days as 14+4+2",
                 "seed 002 §12", 14,
                 {{1, 1, 2, 0, "on arrival"},
                  {7, 6, 8, 0, "mid-quarantine"},
                  {13, 13, 13, 0, "exit test 1"},
                  {14, 14, 14, 24, "exit test 2 (>= 24 h after exit test 1)"}},
                 0, 0});
  all.push_back({"14+2", "“14+2”居家隔离医学观察",
                 "14 days' home quarantine after a central one, with 2 tests: mid-way and at the end",
                 "seed 002 §9", 14,
                 {{7, 6, 8, 0, "home quarantine: mid-way"}, {14, 13, 14, 0, "home quarantine: at its end"}},
                 0, 0});
  all.push_back({"home-weekly", "居家健康监测，每7天检测一次",
                 "home health monitoring with a test every 7 days (days 7, 14, ...), by default for 14 days; "
                 "open-ended with an end date",
                 "seed 002 §1", 14, {}, 7, 1});
  all.push_back({"day13-day14", "第13天、第14天各检测一次",
                 "central quarantine to 14 days with tests on days 13 and 14, at least 24 h apart",
                 "seed 004 §2", 14,
                 {{13, 13, 13, 0, "day 13"}, {14, 14, 14, 24, "day 14 (>= 24 h after the day-13 test)"}},
                 0, 0});
  return all;
}

year_month_day onDay(year_month_day enrolment, int day) { return year_month_day{sys_days{enrolment} + days{day - 1}}; }

}  // namespace

const std::vector<RepeatProtocol>& repeatProtocols() {
  static const std::vector<RepeatProtocol> all = buildProtocols();
  return all;
}

const RepeatProtocol* findRepeatProtocol(std::string_view id) {
  for (const RepeatProtocol& p : repeatProtocols())
    if (p.id == id) return &p;
  return nullptr;
}

std::string_view testStatusName(TestStatus status) {
  switch (status) {
    case TestStatus::Done: return "done";
    case TestStatus::Due: return "due";
    case TestStatus::Overdue: return "overdue";
    case TestStatus::Upcoming: return "upcoming";
  }
  return "upcoming";
}

std::vector<DueTest> dueTests(const RepeatProtocol& protocol, year_month_day enrolment,
                              std::optional<year_month_day> end) {
  if (!enrolment.ok()) throw ReportError("enrolment", "is not a calendar date");
  if (end && !end->ok()) throw ReportError("end", "is not a calendar date");
  if (end && sys_days{*end} < sys_days{enrolment}) throw ReportError("end", "is before the enrolment date");
  const int lastDay = end ? static_cast<int>((sys_days{*end} - sys_days{enrolment}).count()) + 1 : protocol.lengthDays;

  std::vector<ProtocolTest> plan;
  if (protocol.openEnded()) {
    for (int day = protocol.everyDays; day <= lastDay; day += protocol.everyDays)
      plan.push_back({day, day - protocol.windowBeforeDays, day, 0,
                      "test " + std::to_string(day / protocol.everyDays) + " (day " + std::to_string(day) + ")"});
  } else {
    for (const ProtocolTest& t : protocol.tests)
      if (t.day <= lastDay) plan.push_back(t);
  }

  std::vector<DueTest> due;
  for (const ProtocolTest& t : plan) {
    DueTest d;
    d.sequence = static_cast<int>(due.size()) + 1;
    d.day = t.day;
    d.label = t.label;
    d.earliest = onDay(enrolment, t.earliestDay);
    // A window never runs past the person's end date.
    d.latest = onDay(enrolment, std::min(t.latestDay, std::max(lastDay, t.day)));
    d.minHoursAfterPrevious = t.minHoursAfterPrevious;
    due.push_back(std::move(d));
  }
  return due;
}

std::vector<TestState> classifyTests(const std::vector<DueTest>& due, std::vector<Millis> taken, year_month_day today,
                                     int utcOffsetMinutes) {
  std::sort(taken.begin(), taken.end());
  std::vector<TestState> states;
  std::optional<Millis> previous;  // the sample that did the previous test
  std::size_t next = 0;            // samples before this index are used or too early
  for (const DueTest& test : due) {
    TestState state;
    state.test = test;
    for (std::size_t i = next; i < taken.size(); ++i) {
      const Millis at = taken[i];
      if (previous && at <= *previous) continue;
      const sys_days date{detail::localDate(at, utcOffsetMinutes)};
      if (date < sys_days{test.earliest}) continue;
      if (date > sys_days{test.latest}) break;
      if (previous && test.minHoursAfterPrevious > 0 &&
          at - *previous < static_cast<Millis>(test.minHoursAfterPrevious) * 3600 * 1000)
        continue;
      state.status = TestStatus::Done;
      state.takenAt = at;
      previous = at;
      next = i + 1;
      break;
    }
    if (state.status != TestStatus::Done) {
      if (sys_days{today} < sys_days{test.earliest}) state.status = TestStatus::Upcoming;
      else if (sys_days{today} <= sys_days{test.latest}) state.status = TestStatus::Due;
      else state.status = TestStatus::Overdue;
    }
    states.push_back(std::move(state));
  }
  return states;
}

}  // namespace natlims::reporting
