#include "natlims/reporting/PositiveReport.h"

#include <cctype>
#include <cmath>
#include <set>

#include "natlims/domain/Utf8.h"
#include "natlims/reporting/Loinc.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::reporting {

namespace {

using namespace std::chrono;

// 2000-01-01 and 2200-01-01 (UTC): anything outside is a unit mistake (seconds for millis) or
// an unset field, never a real screening.
constexpr Millis earliestInstant = 946684800000LL;
constexpr Millis latestInstant = 7258118400000LL;

[[noreturn]] void fail(const std::string& field, const std::string& message) { throw ReportError(field, message); }

void requireText(const std::string& field, std::string_view value, std::size_t maxChars = 200) {
  if (domain::trimBlanks(value).empty()) fail(field, "is required");
  if (!domain::isValidUtf8(value)) fail(field, "is not valid UTF-8");
  if (domain::hasControlCharacter(value)) fail(field, "contains a control character");
  if (domain::utf8Length(value) > maxChars) fail(field, "is longer than " + std::to_string(maxChars) + " characters");
}

void optionalText(const std::string& field, std::string_view value, std::size_t maxChars = 200) {
  if (!value.empty()) requireText(field, value, maxChars);
}

void requireInstant(const std::string& field, Millis at) {
  if (at == 0) fail(field, "is required");
  if (at < earliestInstant || at > latestInstant) fail(field, "is not a time between 2000 and 2200 (milliseconds since 1970 expected)");
}

void requireLoinc(const std::string& field, const std::string& code, bool required) {
  if (code.empty()) {
    if (required) fail(field, "is required (the kit's LOINC code)");
    return;
  }
  if (!isValidLoinc(code)) fail(field, "is not a LOINC code with a valid check digit");
}

bool isMessageIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == ':' || c == '-';
}

// Resident IDs and HK/Macao/Taiwan residence permits share the GB 11643 layout.
bool carriesBirthDate(domain::IdType type) {
  return type == domain::IdType::ResidentId || type == domain::IdType::HkMacaoTaiwanPermit;
}

void validatePerson(const std::string& at, const Person& person) {
  if (person.nationality.size() != 3 || !std::isupper(static_cast<unsigned char>(person.nationality[0])) ||
      !std::isupper(static_cast<unsigned char>(person.nationality[1])) ||
      !std::isupper(static_cast<unsigned char>(person.nationality[2])))
    fail(at + ".nationality", "must be an ISO 3166 alpha-3 code such as CHN");
  const domain::IdCheck check = domain::validateIdDocument(person.idType, person.idNumber, person.nationality);
  if (!check.ok) fail(at + ".id_number", check.error);
  const std::string nameProblem = domain::checkPersonName(person.name);
  if (!nameProblem.empty()) fail(at + ".name", nameProblem);
  optionalText(at + ".phone", person.phone, 32);
  if (person.birthDate && !person.birthDate->ok()) fail(at + ".birth_date", "is not a calendar date");
  if (carriesBirthDate(person.idType)) {
    const PersonFacts facts = personFacts(person);
    if (!facts.birthDate) fail(at + ".id_number", "does not hold a valid birth date");
    if (person.birthDate && *person.birthDate != *facts.birthDate)
      fail(at + ".birth_date", "disagrees with the birth date in the identity number");
    if (person.sex != Sex::Unknown && person.sex != facts.sex)
      fail(at + ".sex", "disagrees with the sex digit of the identity number");
  }
}

void validateSpecimen(const PositiveReport& report) {
  const Specimen& s = report.specimen;
  requireText("specimen.tube", s.tube, 64);
  requireText("specimen.lab_name", s.labName);
  optionalText("specimen.lab_id", s.labId, 64);
  requireText("specimen.type_code", s.typeCode, 32);
  requireText("specimen.type_text", s.typeText);
  requireInstant("specimen.collected_at", s.collectedAt);
  requireInstant("specimen.received_at", s.receivedAt);
  if (s.receivedAt < s.collectedAt) fail("specimen.received_at", "is before the specimen was collected");
  switch (report.kind) {
    case ReportKind::Individual:
      if (s.pooledSize != 1) fail("specimen.pooled_size", "must be 1 for an individual report");
      break;
    case ReportKind::Pooled:
      if (s.pooledSize < 2 || s.pooledSize > 50) fail("specimen.pooled_size", "must be 2..50 for a pooled report");
      break;
    case ReportKind::Environment:
      if (s.pooledSize != 1) fail("specimen.pooled_size", "must be 1 for an environment sample");
      requireText("specimen.description", s.description);
      requireText("specimen.location", s.location);
      break;
  }
}

void validatePersons(const PositiveReport& report) {
  const std::size_t n = report.persons.size();
  switch (report.kind) {
    case ReportKind::Individual:
      if (n != 1) fail("persons", "an individual report has exactly one person");
      break;
    case ReportKind::Pooled:
      if (n != static_cast<std::size_t>(report.specimen.pooledSize))
        fail("persons", "a pooled report lists the " + std::to_string(report.specimen.pooledSize) +
                            " people of the tube (pooled_size), got " + std::to_string(n));
      break;
    case ReportKind::Environment:
      if (n != 0) fail("persons", "an environment sample has no person");
      break;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string at = "persons[" + std::to_string(i) + "]";
    validatePerson(at, report.persons[i]);
    const Person& p = report.persons[i];
    const std::string key = std::string(domain::idTypeName(p.idType)) + "|" + p.nationality + "|" +
                            domain::validateIdDocument(p.idType, p.idNumber, p.nationality).normalized;
    if (!seen.insert(key).second) fail(at, "is listed twice");
  }
}

void validateTargets(const PositiveReport& report) {
  if (report.targets.empty()) fail("targets", "at least one target is required");
  std::set<std::string> names;
  for (std::size_t i = 0; i < report.targets.size(); ++i) {
    const TargetResult& t = report.targets[i];
    const std::string at = "targets[" + std::to_string(i) + "]";
    requireText(at + ".name", t.name, 32);
    if (!names.insert(t.name).second) fail(at + ".name", "is listed twice");
    if (t.ct && (!std::isfinite(*t.ct) || *t.ct < 0 || *t.ct > 60)) fail(at + ".ct", "must be 0..60 or undetermined");
    if (!t.ct && t.call == TargetCall::Detected) fail(at + ".ct", "a detected target needs its Ct value");
    requireLoinc(at + ".loinc_ct", t.loincCt, false);
    requireLoinc(at + ".loinc_presence", t.loincPresence, false);
  }
}

}  // namespace

std::string_view reportKindName(ReportKind kind) {
  switch (kind) {
    case ReportKind::Individual: return "individual";
    case ReportKind::Pooled: return "pooled";
    case ReportKind::Environment: return "environment";
  }
  return "individual";
}

std::string_view resultCallName(ResultCall call) {
  switch (call) {
    case ResultCall::Positive: return "positive";
    case ResultCall::Retest: return "retest";
    case ResultCall::Negative: return "negative";
    case ResultCall::Invalid: return "invalid";
  }
  return "positive";
}

std::string_view targetCallName(TargetCall call) {
  switch (call) {
    case TargetCall::Detected: return "detected";
    case TargetCall::NotDetected: return "not_detected";
    case TargetCall::Indeterminate: return "indeterminate";
  }
  return "not_detected";
}

PersonFacts personFacts(const Person& person) {
  PersonFacts facts{person.birthDate, person.sex};
  if (!carriesBirthDate(person.idType)) return facts;
  const domain::IdCheck check = domain::validateIdDocument(person.idType, person.idNumber, person.nationality);
  if (!check.ok || check.normalized.size() != 18) return {};
  const std::string& n = check.normalized;
  const int y = std::stoi(n.substr(6, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(n.substr(10, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(n.substr(12, 2)));
  const year_month_day date{year{y}, month{m}, day{d}};
  facts.birthDate = date.ok() ? std::optional<year_month_day>(date) : std::nullopt;
  facts.sex = ((n[16] - '0') % 2 == 1) ? Sex::Male : Sex::Female;
  return facts;
}

void validateReport(const PositiveReport& report) {
  if (report.messageId.empty() || report.messageId.size() > 64) fail("message_id", "must be 1..64 characters");
  for (char c : report.messageId)
    if (!isMessageIdChar(c)) fail("message_id", "may hold only letters, digits and . _ : -");
  validateSpecimen(report);
  validatePersons(report);

  requireText("kit_id", report.kitId, 64);
  requireText("kit_version", report.kitVersion, 32);
  requireLoinc("result_loinc", report.resultLoinc, true);
  validateTargets(report);

  requireInstant("released_at", report.releasedAt);
  if (report.releasedAt < report.specimen.receivedAt) fail("released_at", "is before the specimen was received");
  requireText("released_by", report.releasedBy, 64);

  if (report.version < 1 || report.version > 999) fail("version", "must be 1..999");
  if (!report.isCorrection()) {
    if (report.call != ResultCall::Positive && report.call != ResultCall::Retest)
      fail("call", "an original report is positive or retest; negative and invalid only correct one");
    if (!report.correctionReason.empty() || report.correctedAt != 0 || !report.correctedBy.empty())
      fail("correction_reason", "only a correction (version 2 or more) has correction fields");
  } else {
    // A reason may run over several lines; the builders escape the line breaks.
    std::string reason = report.correctionReason;
    for (char& c : reason)
      if (c == '\n' || c == '\r') c = ' ';
    requireText("correction_reason", reason, 500);
    requireInstant("corrected_at", report.correctedAt);
    if (report.correctedAt < report.releasedAt) fail("corrected_at", "is before the release it corrects");
    requireText("corrected_by", report.correctedBy, 64);
  }
}

}  // namespace natlims::reporting
