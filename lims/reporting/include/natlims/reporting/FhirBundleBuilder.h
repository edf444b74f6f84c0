#pragma once

#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "natlims/reporting/PositiveReport.h"

namespace natlims::reporting {

struct FhirOptions {
  int utcOffsetMinutes = 480;  // dateTime values are written in local time with this offset
};

/// The id of one resource of a report: a name-based (SHA-1, version 5) UUID of the message id and
/// `role` ("diagnostic-report", "specimen", "observation/result", "observation/ORF1ab/ct",
/// "patient/<id type>/<nationality>/<number>", "group", "organization", "practitioner",
/// "location"). The same for every version of a report, so a correction PUTs over the resources
/// of the original.
std::string fhirResourceId(std::string_view messageId, std::string_view role);

/// The Bundle's own id: differs per version (a correction is a new transaction).
std::string fhirBundleId(std::string_view messageId, int version);

/// Builds the FHIR R4 Bundle of `report`. Validates first (throws ReportError).
///
/// Bundle.type is "transaction": every entry is a PUT to Type/<stable id>, so the receiving
/// FHIR server applies the whole report atomically, and a resend (an ACK lost on the way back)
/// or a correction updates the same resources instead of creating duplicates — the receiver's
/// half of "never sent twice". Entries: DiagnosticReport, one Observation for the overall result
/// and one per target measurement (Ct, presence) with the kit's LOINC codes, Specimen,
/// Organization (the lab), Practitioner (the releasing reviewer), and the subject:
///   - individual: one Patient;
///   - pooled: a Group (type person, quantity N) whose members are the N Patients of the tube;
///     Specimen, Observations and DiagnosticReport have the Group as subject, because none of the
///     N people is confirmed positive (each is pool_positive until re-sampled);
///   - environment: a Location (the sampled place and what was swabbed).
/// Every fullUrl is "urn:uuid:<id>" and every reference points to one of them.
/// A correction has status "corrected" (DiagnosticReport and Observations) and its reason in
/// DiagnosticReport.conclusion and the result Observation's note.
Poco::JSON::Object::Ptr buildFhirBundle(const PositiveReport& report, const FhirOptions& options = {});

/// The same Bundle as compact JSON text (UTF-8).
std::string fhirBundleJson(const PositiveReport& report, const FhirOptions& options = {});

}  // namespace natlims::reporting
