#pragma once

#include <string>
#include <string_view>

#include "natlims/reporting/PositiveReport.h"

namespace natlims::reporting {

/// Settings of the HL7 messages a lab sends (config: the reporting section).
struct Hl7Options {
  std::string sendingApplication = "NATLIMS";  // MSH-3
  std::string sendingFacility;                 // MSH-4. Default (empty): the specimen's lab name
  std::string receivingApplication;            // MSH-5, as the receiver asks. Default: empty
  std::string receivingFacility;               // MSH-6. Default: empty
  std::string processingId = "P";              // MSH-11: P production, T training, D debugging
  int utcOffsetMinutes = 480;                  // times are written in local time with this offset
};

/// MSH-10 of a report version: 16 upper-case hex digits of SHA-1(messageId), 'V' and the
/// version ("3F2A9C0D11B2E4F7V1"), at most 20 characters (the v2.5.1 length of MSH-10). The same
/// report version always gets the same control id, so a receiver can discard a duplicate and an
/// ACK can be matched to its message.
std::string hl7ControlId(std::string_view messageId, int version);

/// Builds the HL7 v2.5.1 ORU^R01 message of `report` (segments separated by CR, no MLLP framing).
/// Validates first (throws ReportError). The bytes depend only on the report and the options:
/// MSH-7 is the version's time, not the time of building, so a resend is byte-identical.
///
/// Structure (docs/reporting.md has every field):
///   MSH, then one PATIENT_RESULT group per person — PID, ORC, OBR, NTE*, OBX*, SPM — so that a
///   pooled report lists the N people of the tube, each with the same order, observations and
///   specimen (SPM-13 = N); an environment sample has one group without PID.
///   OBX: the overall result (kit LOINC, CWE, SNOMED CT detected / not detected / inconclusive /
///   invalid), then per target a Ct (NM, or ST "undetermined") and a presence (CWE) observation
///   when the kit gives their LOINC codes, OBX-4 grouping a target's observations.
///   Result status (OBR-25, OBX-11): F, or C for a correction (whose reason is in an NTE).
std::string buildOruR01(const PositiveReport& report, const Hl7Options& options = {});

}  // namespace natlims::reporting
