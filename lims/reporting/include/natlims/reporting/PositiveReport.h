#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/domain/IdDocument.h"
#include "natlims/reporting/Millis.h"

namespace natlims::reporting {

/// What the reported specimen stands for.
enum class ReportKind {
  Individual,   // a single tube (1-in-1): exactly one person
  Pooled,       // an N-in-1 tube: the N people whose swabs are in it, none of them confirmed
  Environment,  // goods or environment ("人物同检"): no person, a description and a location
};

/// The call on the specimen. An original report is Positive or Retest (what public health must
/// hear about); Negative and Invalid appear only in corrections of an earlier report.
enum class ResultCall { Positive, Retest, Negative, Invalid };

/// One target's call, as the kit's interpretation made it.
enum class TargetCall { Detected, NotDetected, Indeterminate };

enum class Sex { Unknown, Male, Female };

/// "individual" / "pooled" / "environment".
std::string_view reportKindName(ReportKind kind);
/// "positive" / "retest" / "negative" / "invalid" (the contract's result values).
std::string_view resultCallName(ResultCall call);
/// "detected" / "not_detected" / "indeterminate".
std::string_view targetCallName(TargetCall call);

/// A person the specimen belongs to.
struct Person {
  domain::IdType idType = domain::IdType::ResidentId;
  std::string idNumber;             // validated with domain::validateIdDocument
  std::string nationality = "CHN";  // ISO 3166 alpha-3
  std::string name;                 // UTF-8, as registered
  std::string phone;                // may be empty (children, proxy registrations)
  /// Set these only for documents that do not carry them; for a resident ID or a Hong Kong /
  /// Macao / Taiwan residence permit they are read from the number (see personFacts) and an
  /// explicit value that disagrees is refused.
  std::optional<std::chrono::year_month_day> birthDate;
  Sex sex = Sex::Unknown;
};

/// The tube and where it has been.
struct Specimen {
  std::string tube;          // the tube code, as on its label
  int pooledSize = 1;        // people in the tube (N of N-in-1); 1 for an individual tube
  Millis collectedAt = 0;    // when the tube was closed at the station (its last swab)
  Millis receivedAt = 0;     // when the lab received it
  std::string labName;       // the testing lab, as public health knows it
  std::string labId;         // the lab's identifier (licence number), may be empty
  /// The specimen type, SNOMED CT. Default: throat (oropharyngeal) swab, what screening takes.
  std::string typeCode = "258529004";
  std::string typeText = "Throat swab";
  /// Environment and goods samples only: what was swabbed and where.
  std::string description;
  std::string location;
};

/// One target of the kit and its measurement.
struct TargetResult {
  std::string name;                // "ORF1ab", "N", "E" (the kit's target name)
  std::optional<double> ct;        // std::nullopt: undetermined (no amplification)
  TargetCall call = TargetCall::NotDetected;
  std::string loincCt;             // the kit's LOINC for the Ct value, may be empty
  std::string loincPresence;       // the kit's LOINC for detected / not detected, may be empty
};

/// A report to public health about one tube: the original (version 1) or a correction (version
/// 2, 3, ...). `messageId` is the same for every version of a report: HL7 control ids and FHIR
/// ids derive from it (see Hl7OruBuilder.h and FhirBundleBuilder.h), so a report sent again is
/// recognisably the same message and a correction replaces what the receiver holds.
struct PositiveReport {
  std::string messageId;  // 1..64 characters of [A-Za-z0-9._:-], chosen once by the server
  ReportKind kind = ReportKind::Individual;

  /// Individual: exactly one person. Pooled: the specimen's pooledSize people (at least 2).
  /// Environment: none.
  std::vector<Person> persons;
  Specimen specimen;

  ResultCall call = ResultCall::Positive;
  std::string kitId;       // "daan-orf1ab-n"
  std::string kitVersion;  // the kit file's version
  std::string resultLoinc; // the kit's LOINC of the overall result ("94500-6")
  std::vector<TargetResult> targets;  // pathogen targets (at least one), internal control optional

  Millis releasedAt = 0;   // the release (two-person rule done): the SLA clock starts here
  std::string releasedBy;  // the releasing reviewer's user name

  /// 1 for the original report; each correction after release increments it. A version above 1
  /// is a correction and needs the three fields below. There is no separate "corrected" flag:
  /// one source of truth.
  int version = 1;
  std::string correctionReason;
  Millis correctedAt = 0;
  std::string correctedBy;

  bool isCorrection() const { return version > 1; }
  /// The time of this version: releasedAt for the original, correctedAt for a correction.
  Millis versionTime() const { return isCorrection() ? correctedAt : releasedAt; }
};

/// Checks everything the builders rely on; throws ReportError naming the first field at fault.
/// Builders and transports call it themselves; the server may call it when a report is queued,
/// so that a bad report is refused at once rather than failing at every retry.
void validateReport(const PositiveReport& report);

/// Birth date and sex as reported: read from the number for a resident ID or an HK/Macao/Taiwan
/// residence permit (digits 7-14 the birth date, the 17th digit odd for male), else the
/// person's explicit fields.
struct PersonFacts {
  std::optional<std::chrono::year_month_day> birthDate;
  Sex sex = Sex::Unknown;
};
PersonFacts personFacts(const Person& person);

}  // namespace natlims::reporting
