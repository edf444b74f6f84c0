#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/reporting/Millis.h"

namespace natlims::reporting {

/// One test of a fixed protocol. Days count from the enrolment date, which is day 1.
struct ProtocolTest {
  int day = 1;            // the day the test is planned
  int earliestDay = 1;    // it counts when taken on a local date in [earliestDay, latestDay]
  int latestDay = 1;      // after this day it is overdue
  int minHoursAfterPrevious = 0;  // > 0: at least this long after the test that did the previous one
  std::string label;
};

/// A repeat-testing protocol for key groups (BRIEF.md "Repeat-testing protocols"; the days chosen
/// and why are in docs/reporting.md). Single tubes only.
struct RepeatProtocol {
  std::string id;            // "14+7+9", "15-30-60-90", "14+4+2", "14+4", "14+2", "home-weekly", "day13-day14"
  std::string name;          // Chinese name as the notices write it
  std::string description;   // English, one sentence
  std::string source;        // the seed notice and section
  int lengthDays = 0;        // days covered (fixed), or the default length (open-ended)
  std::vector<ProtocolTest> tests;  // fixed protocols
  /// Open-ended protocols: a test every `everyDays` days (days everyDays, 2*everyDays, ...) up to
  /// the end date, each counting from `windowBeforeDays` days early to the day itself.
  int everyDays = 0;
  int windowBeforeDays = 0;

  bool openEnded() const { return everyDays > 0; }
};

/// Every protocol, in a fixed order.
const std::vector<RepeatProtocol>& repeatProtocols();
/// The protocol with this id, or nullptr.
const RepeatProtocol* findRepeatProtocol(std::string_view id);

/// A test a person enrolled in a protocol must take: its window of local dates.
struct DueTest {
  int sequence = 1;  // 1-based, in protocol order
  int day = 1;       // protocol day (enrolment = day 1)
  std::string label;
  std::chrono::year_month_day earliest;
  std::chrono::year_month_day latest;
  int minHoursAfterPrevious = 0;
};

/// The tests due for someone enrolled on `enrolment` (day 1). `end`: the last day of the
/// protocol for this person — for an open-ended protocol it says how long (default: the
/// protocol's lengthDays); for a fixed one it cuts the schedule short (tests planned after it
/// are dropped: released early, moved, or a positive result ended the protocol). Throws
/// ReportError ("end") when `end` is before `enrolment`, or "enrolment" for an invalid date.
std::vector<DueTest> dueTests(const RepeatProtocol& protocol, std::chrono::year_month_day enrolment,
                              std::optional<std::chrono::year_month_day> end = std::nullopt);

enum class TestStatus {
  Done,      // a test taken within its window (and far enough after the previous one)
  Due,       // not done, and today is within its window
  Overdue,   // not done, and its window has passed
  Upcoming,  // its window has not opened
};
/// "done" / "due" / "overdue" / "upcoming".
std::string_view testStatusName(TestStatus status);

struct TestState {
  DueTest test;
  TestStatus status = TestStatus::Upcoming;
  std::optional<Millis> takenAt;  // the sample that did it, when done
};

/// Classifies each due test on `today` given when the person's samples were taken (any order;
/// local dates at `utcOffsetMinutes`). Tests are matched in order: each sample does at most one
/// test, the earliest sample that fits a window (later than the sample of the previous test and,
/// when required, at least minHoursAfterPrevious after it) does it; samples outside every window
/// count for nothing.
std::vector<TestState> classifyTests(const std::vector<DueTest>& due, std::vector<Millis> taken,
                                     std::chrono::year_month_day today, int utcOffsetMinutes = 480);

}  // namespace natlims::reporting
