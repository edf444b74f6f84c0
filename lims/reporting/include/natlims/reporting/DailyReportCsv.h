#pragma once

#include <string>

#include "natlims/reporting/DailyReportData.h"

namespace natlims::reporting {

/// The day's summary as CSV (RFC 4180, UTF-8 without BOM, CRLF), one row per figure:
///   metric,value
///   date,2026-12-01
///   title,...
///   campaigns,Round 1; Round 2
///   report_sla_minutes,120
///   generated_at,2026-12-02T00:05:00+08:00
///   sampled_people,... tubes, tested, negative, positive_pools, positive_individuals, retests,
///   invalid, reports_within_sla, reports_late, reports_pending
///   zero_report,true|false          (true when the day has no positive pool or individual)
/// Validates first (ReportError).
std::string dailySummaryCsv(const DailyReportData& data);

/// The day's positives as CSV, header always present (a zero day has the header alone):
///   tube,kind,pooled_size,id_type,id_number,name,description,result,released_at,reported_at,
///   report_status
/// id_number and name masked (natlims::domain maskIdNumber / maskName). Validates first.
std::string dailyPositivesCsv(const DailyReportData& data);

}  // namespace natlims::reporting
