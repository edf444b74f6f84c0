#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "natlims/lims/Time.h"

namespace natlims::lims {

/// A message waiting to leave: a positive report or a health-code batch.
struct OutboxItem {
  std::int64_t id = 0;
  std::string kind;       // report | healthcode
  std::string messageId;  // stable: the receiver drops a duplicate
  std::optional<std::int64_t> resultId;
  std::string payload;    // the health-code batch (JSON); "{}" for reports (built when sent)
  int attempts = 0;
  Millis createdAt = 0;
  Millis deadline = 0;    // reports: release + SLA
};

/// What the store knows about a released result, for building its report.
struct ReportFacts {
  std::int64_t resultId = 0;
  std::string tube;
  int poolSize = 1;
  std::string result;
  std::string ctJson;
  std::string kitId;
  std::string kitVersion;
  int version = 1;
  std::string correctionReason;
  Millis releasedAt = 0;
  std::string releasedBy;
  Millis receivedAt = 0;
  Millis collectedAt = 0;  // the last registration into the tube
  struct Subject {
    int idType = 0;  // domain::IdType, or kSampleIdType
    std::string idNumber;
    std::string nationality;
    std::string name;  // the description for a sample
    std::string phone;
    std::string location;  // samples only
  };
  std::vector<Subject> subjects;
};

/// How a delivery attempt ended, to record.
struct OutboxMark {
  enum class State { Delivered, Rejected, Retry } state = State::Retry;
  Millis at = 0;
  Millis nextAttemptAt = 0;  // Retry
  std::string error;         // masked, for people
};

/// The counts the daily report needs (日报告), for one local day.
struct DailyFigures {
  std::int64_t sampledPeople = 0;
  std::int64_t tubes = 0;
  std::int64_t tested = 0;
  std::int64_t negative = 0;
  std::int64_t positivePools = 0;
  std::int64_t positiveIndividuals = 0;
  std::int64_t retests = 0;
  std::int64_t invalid = 0;
  std::int64_t reportsWithinSla = 0;
  std::int64_t reportsLate = 0;
  std::int64_t reportsPending = 0;
  struct Positive {
    std::string tube;
    int poolSize = 1;
    std::string result;
    Millis releasedAt = 0;
    Millis reportedAt = 0;
    int idType = 0;
    std::string idNumber;
    std::string name;
  };
  std::vector<Positive> positives;
};

/// A person enrolled in a repeat-testing protocol, with the times of their samples since.
struct Enrolment {
  std::int64_t id = 0;
  std::string protocol;
  std::string startDate;  // YYYY-MM-DD
  std::string endDate;    // may be empty
  int idType = 0;
  std::string idNumber;
  std::string name;
  std::vector<Millis> sampledAt;
};

/// A correction of a released result.
struct Correction {
  std::string tube;
  std::string result;  // negative | positive | retest | invalid
  std::string reason;
};

}  // namespace natlims::lims
