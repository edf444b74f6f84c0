#pragma once

#include <string>

#include "natlims/reporting/DailyReportData.h"

namespace natlims::reporting {

/// The day's report as a PDF (A4, cairo, WenQuanYi Micro Hei through fontconfig for Chinese):
/// page 1 the title, date, campaigns, counts in a two-language table and the reporting SLA
/// figures, a zero-report line when nothing was positive; then the positives with masked
/// identities, continued on further pages when they do not fit (20 rows fit under the summary,
/// 45 on each further page). Returns the PDF bytes. Validates first (ReportError);
/// throws std::runtime_error if cairo fails.
std::string dailyReportPdf(const DailyReportData& data);

/// dailyReportPdf written to `path` (replaced atomically: written beside it, then renamed).
void writeDailyReportPdf(const DailyReportData& data, const std::string& path);

}  // namespace natlims::reporting
