#include "natlims/reporting/HealthCodeBatch.h"

#include <array>

#include "JsonText.h"
#include "TimeFormat.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/domain/Utf8.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

namespace {

constexpr std::array<std::string_view, 6> statuses = {"negative", "positive", "retest", "invalid", "pool_positive", "pending"};

constexpr Millis earliestInstant = 946684800000LL;   // 2000-01-01
constexpr Millis latestInstant = 7258118400000LL;    // 2200-01-01

void checkText(const std::string& field, const std::string& value, std::size_t maxChars) {
  if (domain::trimBlanks(value).empty()) throw ReportError(field, "is required");
  if (!domain::isValidUtf8(value)) throw ReportError(field, "is not valid UTF-8");
  if (domain::hasControlCharacter(value)) throw ReportError(field, "contains a control character");
  if (domain::utf8Length(value) > maxChars)
    throw ReportError(field, "is longer than " + std::to_string(maxChars) + " characters");
}

void checkRow(std::size_t i, const HealthCodeResult& r) {
  const std::string at = "results[" + std::to_string(i) + "]";
  const auto type = domain::parseIdType(r.idType);
  if (!type) throw ReportError(at + ".id_type", "is not one of the contract's id types");
  if (r.idNumber.empty() || r.idNumber.size() > 64) throw ReportError(at + ".id_number", "must be 1..64 characters");
  if (!domain::isValidUtf8(r.idNumber) || domain::hasControlCharacter(r.idNumber))
    throw ReportError(at + ".id_number", "holds characters an identity number cannot have");
  const std::string nameProblem = domain::checkPersonName(r.name);
  if (!nameProblem.empty()) throw ReportError(at + ".name", nameProblem);
  bool known = false;
  for (auto s : statuses) known = known || s == r.status;
  if (!known) throw ReportError(at + ".status", "must be negative, positive, retest, invalid, pool_positive or pending");
  if (r.sampledAt < earliestInstant || r.sampledAt > latestInstant)
    throw ReportError(at + ".sampled_at", "is required (a time between 2000 and 2200, in milliseconds)");
  if (r.resultedAt != 0 && (r.resultedAt < r.sampledAt || r.resultedAt > latestInstant))
    throw ReportError(at + ".resulted_at", "is before the sample was taken or not a valid time");
  checkText(at + ".tube", r.tube, 64);
  checkText(at + ".lab", r.lab, 200);
}

void appendField(std::string& out, std::string_view key, std::string_view value) {
  out.push_back('"');
  out += key;
  out += "\":";
  detail::appendJsonString(out, value);
}

}  // namespace

std::string buildHealthCodeBatch(const std::vector<HealthCodeResult>& results, int utcOffsetMinutes) {
  if (results.empty()) throw ReportError("results", "a batch holds at least one result");
  for (std::size_t i = 0; i < results.size(); ++i) checkRow(i, results[i]);

  std::string out;
  out.reserve(32 + results.size() * 260);
  out += "{\"results\":[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const HealthCodeResult& r = results[i];
    if (i) out.push_back(',');
    out.push_back('{');
    appendField(out, "id_type", r.idType);
    out.push_back(',');
    appendField(out, "id_number", r.idNumber);
    out.push_back(',');
    appendField(out, "name", r.name);
    out.push_back(',');
    appendField(out, "status", r.status);
    out.push_back(',');
    appendField(out, "sampled_at", detail::rfc3339(r.sampledAt, utcOffsetMinutes));
    out += ",\"resulted_at\":";
    if (r.resultedAt == 0) out += "null";
    else detail::appendJsonString(out, detail::rfc3339(r.resultedAt, utcOffsetMinutes));
    out.push_back(',');
    appendField(out, "tube", r.tube);
    out.push_back(',');
    appendField(out, "lab", r.lab);
    out.push_back('}');
  }
  out += "]}";
  return out;
}

}  // namespace natlims::reporting
