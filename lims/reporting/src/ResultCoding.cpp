#include "ResultCoding.h"

namespace natlims::reporting::detail {

namespace {

// Local codes must survive in a CWE component and a FHIR code: letters, digits and '-' only.
std::string localCodePart(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    out.push_back(keep ? static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c) : '-');
  }
  return out;
}

}  // namespace

Coded resultCoding(ResultCall call) {
  switch (call) {
    case ResultCall::Positive: return {"260373001", "Detected", "SCT"};
    case ResultCall::Negative: return {"260415000", "Not detected", "SCT"};
    case ResultCall::Retest: return {"419984006", "Inconclusive", "SCT"};
    case ResultCall::Invalid: return {"125154007", "Specimen unsatisfactory for evaluation", "SCT"};
  }
  return {"419984006", "Inconclusive", "SCT"};
}

Coded targetCoding(TargetCall call) {
  switch (call) {
    case TargetCall::Detected: return {"260373001", "Detected", "SCT"};
    case TargetCall::NotDetected: return {"260415000", "Not detected", "SCT"};
    case TargetCall::Indeterminate: return {"419984006", "Inconclusive", "SCT"};
  }
  return {"419984006", "Inconclusive", "SCT"};
}

std::string_view abnormalFlag(ResultCall call) {
  switch (call) {
    case ResultCall::Positive: return "A";
    case ResultCall::Negative: return "N";
    default: return "";
  }
}

Coded interpretation(ResultCall call) {
  switch (call) {
    case ResultCall::Positive: return {"POS", "Positive", "v3-ObservationInterpretation"};
    case ResultCall::Negative: return {"NEG", "Negative", "v3-ObservationInterpretation"};
    default: return {"IND", "Indeterminate", "v3-ObservationInterpretation"};
  }
}

std::string resultText() { return "SARS-CoV-2 RNA result"; }

Coded targetCtCode(const TargetResult& target) {
  if (!target.loincCt.empty()) return {target.loincCt, target.name + " Ct", "LN"};
  return {"NATLIMS-CT-" + localCodePart(target.name), target.name + " Ct", "L"};
}

Coded targetPresenceCode(const TargetResult& target) {
  if (!target.loincPresence.empty()) return {target.loincPresence, target.name + " presence", "LN"};
  return {"NATLIMS-PRESENCE-" + localCodePart(target.name), target.name + " presence", "L"};
}

// A resident ID is the national person identifier of China (NN + ISO country); residence permits
// are what table 0203 calls a permanent resident card number; a home-return permit is a travel
// document like a passport.
std::string_view identifierTypeCode(domain::IdType type) {
  switch (type) {
    case domain::IdType::ResidentId: return "NNCHN";
    case domain::IdType::HkMacaoTaiwanPermit: return "PRC";
    case domain::IdType::ForeignPermanentResident: return "PRC";
    case domain::IdType::HomeReturnPermit: return "PPN";
    case domain::IdType::Passport: return "PPN";
    case domain::IdType::Other: return "U";
  }
  return "U";
}

std::string fhirSystem(std::string_view hl7System) {
  if (hl7System == "LN") return "http://loinc.org";
  if (hl7System == "SCT") return "http://snomed.info/sct";
  if (hl7System == "v3-ObservationInterpretation")
    return "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
  return "urn:natlims:code";
}

}  // namespace natlims::reporting::detail
