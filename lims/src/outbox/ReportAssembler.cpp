#include "outbox/ReportAssembler.h"

#include <Poco/JSON/Parser.h>

#include "natlims/lims/Records.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::lims {

namespace {

reporting::ResultCall callOf(const std::string& result) {
  if (result == "positive") return reporting::ResultCall::Positive;
  if (result == "retest") return reporting::ResultCall::Retest;
  if (result == "negative") return reporting::ResultCall::Negative;
  return reporting::ResultCall::Invalid;
}

}  // namespace

reporting::PositiveReport assembleReport(const ReportFacts& facts, const instruments::Kit* kit, const std::string& messageId,
                                         const std::string& labName) {
  reporting::PositiveReport r;
  r.messageId = messageId;
  const bool sample = !facts.subjects.empty() && facts.subjects.front().idType == kSampleIdType;
  r.kind = sample ? reporting::ReportKind::Environment
                  : (facts.subjects.size() > 1 ? reporting::ReportKind::Pooled : reporting::ReportKind::Individual);
  for (const auto& s : facts.subjects) {
    if (sample) {
      r.specimen.description = s.name;
      r.specimen.location = s.location;
      continue;
    }
    reporting::Person p;
    p.idType = static_cast<domain::IdType>(s.idType);
    p.idNumber = s.idNumber;
    p.nationality = s.nationality;
    p.name = s.name;
    p.phone = s.phone;
    r.persons.push_back(std::move(p));
  }
  r.specimen.tube = facts.tube;
  r.specimen.pooledSize = sample ? 1 : static_cast<int>(std::max<std::size_t>(1, facts.subjects.size()));
  r.specimen.collectedAt = facts.collectedAt;
  r.specimen.receivedAt = facts.receivedAt;
  r.specimen.labName = labName;
  r.call = callOf(facts.result);
  r.kitId = facts.kitId;
  r.kitVersion = facts.kitVersion;
  r.releasedAt = facts.releasedAt;
  r.releasedBy = facts.releasedBy;
  r.version = facts.version;
  if (facts.version > 1) {
    r.correctionReason = facts.correctionReason;
    r.correctedAt = facts.releasedAt;
    r.correctedBy = facts.releasedBy;
  }
  Poco::JSON::Object::Ptr ct;
  try {
    Poco::JSON::Parser p;
    ct = p.parse(facts.ctJson).extract<Poco::JSON::Object::Ptr>();
  } catch (...) {
    throw reporting::ReportError("ct", "the stored Ct values are not readable");
  }
  if (kit) {
    r.resultLoinc = kit->resultLoinc;
    for (const auto* target : kit->pathogenTargets()) {
      reporting::TargetResult t;
      t.name = target->name;
      t.loincCt = target->loincCt;
      t.loincPresence = target->loincPresence;
      if (ct->has(target->name) && ct->get(target->name).isNumeric()) {
        t.ct = ct->getValue<double>(target->name);
        const bool detected = kit->positiveInclusive ? *t.ct <= kit->positiveMaxCt : *t.ct < kit->positiveMaxCt;
        t.call = detected ? reporting::TargetCall::Detected
                          : (kit->greyMaxCt && *t.ct <= *kit->greyMaxCt ? reporting::TargetCall::Indeterminate
                                                                        : reporting::TargetCall::NotDetected);
      } else {
        t.call = reporting::TargetCall::NotDetected;
      }
      r.targets.push_back(std::move(t));
    }
  } else {
    // A kit no longer configured: report the stored values under their own names.
    for (const auto& name : ct->getNames()) {
      reporting::TargetResult t;
      t.name = name;
      if (ct->get(name).isNumeric()) t.ct = ct->getValue<double>(name);
      t.call = t.ct ? reporting::TargetCall::Detected : reporting::TargetCall::NotDetected;
      r.targets.push_back(std::move(t));
    }
  }
  reporting::validateReport(r);
  return r;
}

}  // namespace natlims::lims
