#include "natlims/reporting/DailyReportCsv.h"

#include <initializer_list>

#include "CsvText.h"
#include "TimeFormat.h"
#include "natlims/domain/Masking.h"

namespace natlims::reporting {

namespace {

void row(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out.push_back(',');
    detail::appendCsvField(out, f);
    first = false;
  }
  out += "\r\n";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

}  // namespace

std::string dailySummaryCsv(const DailyReportData& data) {
  validateDailyReport(data);
  const DailyCounts& c = data.counts;
  std::string out;
  row(out, {"metric", "value"});
  row(out, {"date", detail::isoDate(data.date)});
  row(out, {"title", data.title});
  row(out, {"campaigns", joined(data.campaigns)});
  row(out, {"report_sla_minutes", std::to_string(data.reportSlaMinutes)});
  row(out, {"generated_at", detail::rfc3339(data.generatedAt, data.utcOffsetMinutes)});
  row(out, {"sampled_people", std::to_string(c.sampledPeople)});
  row(out, {"tubes", std::to_string(c.tubes)});
  row(out, {"tested", std::to_string(c.tested)});
  row(out, {"negative", std::to_string(c.negative)});
  row(out, {"positive_pools", std::to_string(c.positivePools)});
  row(out, {"positive_individuals", std::to_string(c.positiveIndividuals)});
  row(out, {"retests", std::to_string(c.retests)});
  row(out, {"invalid", std::to_string(c.invalid)});
  row(out, {"reports_within_sla", std::to_string(c.reportsWithinSla)});
  row(out, {"reports_late", std::to_string(c.reportsLate)});
  row(out, {"reports_pending", std::to_string(c.reportsPending)});
  row(out, {"zero_report", c.positivePools + c.positiveIndividuals == 0 ? "true" : "false"});
  return out;
}

std::string dailyPositivesCsv(const DailyReportData& data) {
  validateDailyReport(data);
  std::string out;
  row(out, {"tube", "kind", "pooled_size", "id_type", "id_number", "name", "description", "result", "released_at",
            "reported_at", "report_status"});
  for (const DailyPositive& p : data.positives) {
    row(out, {p.tube, reportKindName(p.kind), std::to_string(p.pooledSize),
              p.idType ? domain::idTypeName(*p.idType) : std::string_view(),
              p.idNumber.empty() ? std::string() : domain::maskIdNumber(p.idNumber),
              p.name.empty() ? std::string() : domain::maskName(p.name), p.description, resultCallName(p.call),
              detail::rfc3339(p.releasedAt, data.utcOffsetMinutes),
              p.reportedAt ? detail::rfc3339(p.reportedAt, data.utcOffsetMinutes) : std::string(),
              dailyReportStatus(p, data.reportSlaMinutes)});
  }
  return out;
}

}  // namespace natlims::reporting
