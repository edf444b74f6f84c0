#include "natlims/reporting/DailyReportData.h"

#include "natlims/domain/Utf8.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

namespace {

void nonNegative(const char* field, std::int64_t value) {
  if (value < 0) throw ReportError(std::string("counts.") + field, "must not be negative");
}

void text(const std::string& field, const std::string& value, bool required) {
  if (value.empty()) {
    if (required) throw ReportError(field, "is required");
    return;
  }
  if (!domain::isValidUtf8(value) || domain::hasControlCharacter(value))
    throw ReportError(field, "must be UTF-8 text without control characters");
  if (domain::utf8Length(value) > 200) throw ReportError(field, "is longer than 200 characters");
}

}  // namespace

void validateDailyReport(const DailyReportData& data) {
  if (!data.date.ok()) throw ReportError("date", "is not a calendar date");
  text("title", data.title, false);
  for (std::size_t i = 0; i < data.campaigns.size(); ++i)
    text("campaigns[" + std::to_string(i) + "]", data.campaigns[i], true);
  if (data.reportSlaMinutes <= 0) throw ReportError("report_sla_minutes", "must be positive");
  if (data.utcOffsetMinutes < -14 * 60 || data.utcOffsetMinutes > 14 * 60)
    throw ReportError("utc_offset_minutes", "must be within -14 h .. +14 h");
  if (data.generatedAt <= 0) throw ReportError("generated_at", "is required");

  const DailyCounts& c = data.counts;
  nonNegative("sampled_people", c.sampledPeople);
  nonNegative("tubes", c.tubes);
  nonNegative("tested", c.tested);
  nonNegative("negative", c.negative);
  nonNegative("positive_pools", c.positivePools);
  nonNegative("positive_individuals", c.positiveIndividuals);
  nonNegative("retests", c.retests);
  nonNegative("invalid", c.invalid);
  nonNegative("reports_within_sla", c.reportsWithinSla);
  nonNegative("reports_late", c.reportsLate);
  nonNegative("reports_pending", c.reportsPending);
  if (c.negative + c.positivePools + c.positiveIndividuals + c.retests + c.invalid > c.tested)
    throw ReportError("counts.tested", "is less than the released results it includes (negative + positive + retest + invalid)");

  for (std::size_t i = 0; i < data.positives.size(); ++i) {
    const DailyPositive& p = data.positives[i];
    const std::string at = "positives[" + std::to_string(i) + "]";
    text(at + ".tube", p.tube, true);
    if (p.kind == ReportKind::Individual) {
      if (!p.idType) throw ReportError(at + ".id_type", "is required for an individual tube");
      if (p.idNumber.empty()) throw ReportError(at + ".id_number", "is required for an individual tube");
      const std::string nameProblem = domain::checkPersonName(p.name);
      if (!nameProblem.empty()) throw ReportError(at + ".name", nameProblem);
    } else if (p.idType || !p.idNumber.empty() || !p.name.empty()) {
      throw ReportError(at + ".id_number", "only an individual tube names a person");
    }
    if (p.kind == ReportKind::Pooled && p.pooledSize < 2) throw ReportError(at + ".pooled_size", "must be 2 or more");
    if (p.kind != ReportKind::Pooled && p.pooledSize != 1) throw ReportError(at + ".pooled_size", "must be 1");
    text(at + ".description", p.description, p.kind == ReportKind::Environment);
    if (p.releasedAt <= 0) throw ReportError(at + ".released_at", "is required");
    if (p.reportedAt != 0 && p.reportedAt < p.releasedAt)
      throw ReportError(at + ".reported_at", "is before the release");
  }
}

std::string dailyReportStatus(const DailyPositive& positive, int reportSlaMinutes) {
  if (positive.reportedAt == 0) return "pending";
  const Millis deadline = positive.releasedAt + static_cast<Millis>(reportSlaMinutes) * 60 * 1000;
  return positive.reportedAt <= deadline ? "within_sla" : "late";
}

}  // namespace natlims::reporting
