#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "natlims/domain/IdDocument.h"
#include "natlims/reporting/Millis.h"
#include "natlims/reporting/PositiveReport.h"

namespace natlims::reporting {

/// The day's figures ("日报告"), all counts of that local day. A day with no positive is still
/// reported ("零报告"): every count may be zero.
struct DailyCounts {
  std::int64_t sampledPeople = 0;       // registrations (people swabbed)
  std::int64_t tubes = 0;               // tubes closed
  std::int64_t tested = 0;              // tubes with a released result
  std::int64_t negative = 0;            // tubes released negative
  std::int64_t positivePools = 0;       // pooled tubes released positive
  std::int64_t positiveIndividuals = 0; // single tubes (individual or environment) positive
  std::int64_t retests = 0;             // tubes released retest (single target, grey zone)
  std::int64_t invalid = 0;             // tubes released invalid
  std::int64_t reportsWithinSla = 0;    // reports to public health delivered within the SLA
  std::int64_t reportsLate = 0;         // delivered after the deadline
  std::int64_t reportsPending = 0;      // not yet delivered at generation time
};

/// One positive (or retest) of the day, listed with masked identities.
struct DailyPositive {
  std::string tube;
  ReportKind kind = ReportKind::Individual;
  int pooledSize = 1;
  /// Individual tubes: the person (full here; only masked forms are written). Pooled tubes and
  /// environment samples: none (a pool's people are on the recall list, not in the day report).
  std::optional<domain::IdType> idType;
  std::string idNumber;
  std::string name;
  std::string description;  // environment samples: what was sampled
  ResultCall call = ResultCall::Positive;
  Millis releasedAt = 0;
  Millis reportedAt = 0;    // delivery to public health; 0 = not yet
};

struct DailyReportData {
  std::chrono::year_month_day date;      // the local day reported
  std::string title;                     // the area or lab ("演示镇 Demo town"); may be empty
  std::vector<std::string> campaigns;    // campaign names of the day (none is allowed)
  int reportSlaMinutes = 120;            // the SLA the "within SLA" count was measured against
  int utcOffsetMinutes = 480;            // local time of every time printed
  DailyCounts counts;
  std::vector<DailyPositive> positives;
  Millis generatedAt = 0;                // when the figures were taken (required)
};

/// Checks the figures (every count >= 0; the released results not more than the tubes tested;
/// a valid date; a positive row's tube, identity and times) and throws ReportError naming the
/// field ("counts.negative", "positives[3].id_number") at fault.
void validateDailyReport(const DailyReportData& data);

/// The day's report status of a positive: "within_sla", "late" or "pending".
std::string dailyReportStatus(const DailyPositive& positive, int reportSlaMinutes);

}  // namespace natlims::reporting
