#pragma once

#include <string>
#include <string_view>

#include "natlims/reporting/PositiveReport.h"

namespace natlims::reporting::detail {

/// A code with its display text and code system: "SCT" / "LN" / "L" in HL7 terms (FHIR system
/// URIs come from fhirSystem).
struct Coded {
  std::string code;
  std::string display;
  std::string system;
};

/// SNOMED CT value of the overall call: detected / not detected / inconclusive / specimen
/// unsatisfactory (invalid).
Coded resultCoding(ResultCall call);
/// SNOMED CT value of a target's call: detected / not detected / inconclusive.
Coded targetCoding(TargetCall call);
/// HL7 table 0078 flag: "A" for positive, "N" for negative, none otherwise.
std::string_view abnormalFlag(ResultCall call);
/// FHIR v3-ObservationInterpretation: POS / NEG / IND.
Coded interpretation(ResultCall call);

/// Text for the overall result's LOINC code.
std::string resultText();
/// The code of a target's Ct observation: the kit's LOINC, or a local code ("L",
/// "NATLIMS-CT-<target>") when the kit gives none (internal controls).
Coded targetCtCode(const TargetResult& target);
/// The code of a target's presence observation, likewise ("NATLIMS-PRESENCE-<target>").
Coded targetPresenceCode(const TargetResult& target);

/// HL7 table 0203 identifier type of a document: NNCHN (resident ID), PRC (residence permits,
/// foreign permanent residence), PPN (passports, home-return permits), U (other).
std::string_view identifierTypeCode(domain::IdType type);

/// The FHIR system URI of an HL7 v2 coding-system name: LN, SCT, L.
std::string fhirSystem(std::string_view hl7System);

}  // namespace natlims::reporting::detail
