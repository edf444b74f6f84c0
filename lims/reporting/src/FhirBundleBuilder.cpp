#include "natlims/reporting/FhirBundleBuilder.h"

#include <cmath>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/SHA1Engine.h>
#include <Poco/UUID.h>
#include <Poco/UUIDGenerator.h>

#include "ResultCoding.h"
#include "TimeFormat.h"

namespace natlims::reporting {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The namespace of natlims' name-based UUIDs. Fixed forever: changing it would change every
// resource id and break the idempotency of resends and corrections.
const Poco::UUID& idNamespace() {
  static const Poco::UUID ns("4f1c6a52-9b0e-4d2e-8c1e-6e61746c696d");
  return ns;
}

Object::Ptr obj() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Object::Ptr coding(const std::string& system, const std::string& code, const std::string& display = {}) {
  Object::Ptr c = obj();
  c->set("system", system);
  c->set("code", code);
  if (!display.empty()) c->set("display", display);
  return c;
}

Object::Ptr codeable(Object::Ptr codingObject, const std::string& text = {}) {
  Object::Ptr c = obj();
  Array::Ptr codings = new Array;
  codings->add(codingObject);
  c->set("coding", codings);
  if (!text.empty()) c->set("text", text);
  return c;
}

Object::Ptr codeable(const detail::Coded& coded, const std::string& text = {}) {
  return codeable(coding(detail::fhirSystem(coded.system), coded.code, coded.display), text);
}

Object::Ptr reference(const std::string& id, const std::string& display = {}) {
  Object::Ptr r = obj();
  r->set("reference", "urn:uuid:" + id);
  if (!display.empty()) r->set("display", display);
  return r;
}

Array::Ptr array(std::initializer_list<Object::Ptr> items) {
  Array::Ptr a = new Array;
  for (const auto& item : items) a->add(item);
  return a;
}

Object::Ptr identifier(const std::string& system, const std::string& value) {
  Object::Ptr i = obj();
  i->set("system", system);
  i->set("value", value);
  return i;
}

std::string gender(Sex sex) {
  switch (sex) {
    case Sex::Male: return "male";
    case Sex::Female: return "female";
    case Sex::Unknown: return "unknown";
  }
  return "unknown";
}

double roundCt(double ct) { return std::round(ct * 100.0) / 100.0; }

class BundleWriter {
 public:
  BundleWriter(const PositiveReport& report, const FhirOptions& options) : _r(report), _o(options) {
    _status = report.isCorrection() ? "corrected" : "final";
    _collected = detail::rfc3339(report.specimen.collectedAt, options.utcOffsetMinutes);
    _issued = detail::rfc3339(report.versionTime(), options.utcOffsetMinutes);
    _entries = new Array;
  }

  Object::Ptr bundle() {
    const std::string reportId = id("diagnostic-report");
    const std::string resultId = id("observation/result");
    const std::string specimenId = id("specimen");
    const std::string orgId = id("organization");
    const std::string practitionerId = id("practitioner/" + responsible());

    const std::string subjectId = subject();
    std::vector<std::string> targetIds;
    for (const TargetResult& t : _r.targets) {
      targetIds.push_back(id("observation/" + t.name + "/ct"));
      targetIds.push_back(id("observation/" + t.name + "/presence"));
    }

    Object::Ptr report = obj();
    report->set("resourceType", "DiagnosticReport");
    report->set("id", reportId);
    report->set("identifier", array({identifier("urn:natlims:report", _r.messageId)}));
    report->set("status", _status);
    report->set("category",
                array({codeable(coding("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory"))}));
    report->set("code", resultCode());
    report->set("subject", reference(subjectId));
    report->set("effectiveDateTime", _collected);
    report->set("issued", _issued);
    report->set("performer", array({reference(orgId, _r.specimen.labName)}));
    report->set("resultsInterpreter", array({reference(practitionerId)}));
    report->set("specimen", array({reference(specimenId)}));
    Array::Ptr results = new Array;
    results->add(reference(resultId));
    for (const std::string& t : targetIds) results->add(reference(t));
    report->set("result", results);
    report->set("conclusion", conclusion());
    report->set("conclusionCode", array({codeable(detail::resultCoding(_r.call))}));
    add("DiagnosticReport", reportId, report);

    Object::Ptr result = observation(resultId, resultCode(), subjectId, specimenId, orgId, practitionerId);
    result->set("valueCodeableConcept", codeable(detail::resultCoding(_r.call)));
    result->set("interpretation", array({codeable(detail::interpretation(_r.call))}));
    Array::Ptr members = new Array;
    for (const std::string& t : targetIds) members->add(reference(t));
    result->set("hasMember", members);
    if (!notes().empty()) {
      Array::Ptr noteArray = new Array;
      for (const std::string& n : notes()) {
        Object::Ptr note = obj();
        note->set("text", n);
        noteArray->add(note);
      }
      result->set("note", noteArray);
    }
    add("Observation", resultId, result);

    for (std::size_t i = 0; i < _r.targets.size(); ++i) {
      const TargetResult& t = _r.targets[i];
      const detail::Coded ctCode = detail::targetCtCode(t);
      Object::Ptr ct =
          observation(targetIds[2 * i], codeable(ctCode, ctCode.display), subjectId, specimenId, orgId, practitionerId);
      if (t.ct) {
        Object::Ptr quantity = obj();
        quantity->set("value", roundCt(*t.ct));
        quantity->set("unit", "Ct");
        ct->set("valueQuantity", quantity);
      } else {
        ct->set("valueString", "undetermined");
      }
      add("Observation", targetIds[2 * i], ct);

      const detail::Coded presenceCode = detail::targetPresenceCode(t);
      Object::Ptr presence = observation(targetIds[2 * i + 1], codeable(presenceCode, presenceCode.display), subjectId,
                                         specimenId, orgId, practitionerId);
      presence->set("valueCodeableConcept", codeable(detail::targetCoding(t.call)));
      add("Observation", targetIds[2 * i + 1], presence);
    }

    add("Specimen", specimenId, specimen(specimenId, subjectId));

    Object::Ptr org = obj();
    org->set("resourceType", "Organization");
    org->set("id", orgId);
    if (!_r.specimen.labId.empty()) org->set("identifier", array({identifier("urn:natlims:lab", _r.specimen.labId)}));
    org->set("name", _r.specimen.labName);
    add("Organization", orgId, org);

    Object::Ptr practitioner = obj();
    practitioner->set("resourceType", "Practitioner");
    practitioner->set("id", practitionerId);
    practitioner->set("identifier", array({identifier("urn:natlims:user", responsible())}));
    add("Practitioner", practitionerId, practitioner);

    Object::Ptr bundle = obj();
    bundle->set("resourceType", "Bundle");
    bundle->set("id", fhirBundleId(_r.messageId, _r.version));
    bundle->set("identifier", identifier("urn:natlims:report-message", _r.messageId + "/v" + std::to_string(_r.version)));
    bundle->set("type", "transaction");
    bundle->set("timestamp", _issued);
    bundle->set("entry", _entries);
    return bundle;
  }

 private:
  std::string id(const std::string& role) const { return fhirResourceId(_r.messageId, role); }

  const std::string& responsible() const { return _r.isCorrection() ? _r.correctedBy : _r.releasedBy; }

  Object::Ptr resultCode() const {
    return codeable(coding("http://loinc.org", _r.resultLoinc), detail::resultText());
  }

  std::vector<std::string> notes() const {
    std::vector<std::string> out;
    if (_r.kind == ReportKind::Pooled)
      out.push_back("Pooled specimen of " + std::to_string(_r.specimen.pooledSize) +
                    " people: the result is the tube's; each person is pool_positive until re-sampled in a single tube.");
    if (_r.kind == ReportKind::Environment)
      out.push_back("Environment sample: " + _r.specimen.description + " at " + _r.specimen.location);
    if (_r.isCorrection())
      out.push_back("Correction (version " + std::to_string(_r.version) + "): " + _r.correctionReason);
    return out;
  }

  std::string conclusion() const {
    std::string text = detail::resultCoding(_r.call).display;
    for (const std::string& n : notes()) text += ". " + n;
    return text;
  }

  void add(const std::string& type, const std::string& resourceId, Object::Ptr resource) {
    Object::Ptr entry = obj();
    entry->set("fullUrl", "urn:uuid:" + resourceId);
    entry->set("resource", resource);
    Object::Ptr request = obj();
    request->set("method", "PUT");
    request->set("url", type + "/" + resourceId);
    entry->set("request", request);
    _entries->add(entry);
  }

  Object::Ptr observation(const std::string& observationId, Object::Ptr code, const std::string& subjectId,
                          const std::string& specimenId, const std::string& orgId, const std::string& practitionerId) {
    Object::Ptr o = obj();
    o->set("resourceType", "Observation");
    o->set("id", observationId);
    o->set("status", _status);
    o->set("category", array({codeable(coding("http://terminology.hl7.org/CodeSystem/observation-category",
                                             "laboratory", "Laboratory"))}));
    o->set("code", code);
    o->set("subject", reference(subjectId));
    o->set("effectiveDateTime", _collected);
    o->set("issued", _issued);
    o->set("performer", array({reference(orgId), reference(practitionerId)}));
    Object::Ptr method = obj();
    Object::Ptr kit = coding("urn:natlims:kit", _r.kitId);
    kit->set("version", _r.kitVersion);
    method->set("coding", array({kit}));
    method->set("text", "kit " + _r.kitId + " version " + _r.kitVersion);
    o->set("method", method);
    o->set("specimen", reference(specimenId));
    return o;
  }

  // Adds the subject resource(s) and returns the id the others refer to.
  std::string subject() {
    switch (_r.kind) {
      case ReportKind::Individual: return patient(_r.persons.front());
      case ReportKind::Environment: {
        const std::string locationId = id("location");
        Object::Ptr location = obj();
        location->set("resourceType", "Location");
        location->set("id", locationId);
        location->set("status", "active");
        location->set("name", _r.specimen.location);
        location->set("description", _r.specimen.description);
        location->set("mode", "instance");
        add("Location", locationId, location);
        return locationId;
      }
      case ReportKind::Pooled: break;
    }
    const std::string groupId = id("group");
    Object::Ptr group = obj();
    group->set("resourceType", "Group");
    group->set("id", groupId);
    group->set("identifier", array({identifier("urn:natlims:tube", _r.specimen.tube)}));
    group->set("type", "person");
    group->set("actual", true);
    group->set("name", "Pool " + _r.specimen.tube);
    group->set("quantity", _r.specimen.pooledSize);
    Array::Ptr members = new Array;
    for (const Person& p : _r.persons) {
      Object::Ptr member = obj();
      member->set("entity", reference(patient(p)));
      members->add(member);
    }
    group->set("member", members);
    add("Group", groupId, group);
    return groupId;
  }

  std::string patient(const Person& p) {
    const std::string number = domain::validateIdDocument(p.idType, p.idNumber, p.nationality).normalized;
    const std::string typeName(domain::idTypeName(p.idType));
    const std::string patientId = id("patient/" + typeName + "/" + p.nationality + "/" + number);
    const PersonFacts facts = personFacts(p);

    Object::Ptr patient = obj();
    patient->set("resourceType", "Patient");
    patient->set("id", patientId);
    Object::Ptr nationality = obj();
    nationality->set("url", "http://hl7.org/fhir/StructureDefinition/patient-nationality");
    Object::Ptr code = obj();
    code->set("url", "code");
    code->set("valueCodeableConcept", codeable(coding("urn:iso:std:iso:3166", p.nationality)));
    nationality->set("extension", array({code}));
    patient->set("extension", array({nationality}));

    Object::Ptr ident = identifier("urn:natlims:id:" + typeName + ":" + p.nationality, number);
    ident->set("use", "official");
    ident->set("type", codeable(coding("http://terminology.hl7.org/CodeSystem/v2-0203",
                                      std::string(detail::identifierTypeCode(p.idType))),
                               typeName));
    patient->set("identifier", array({ident}));
    Object::Ptr name = obj();
    name->set("use", "official");
    name->set("text", p.name);
    patient->set("name", array({name}));
    if (!p.phone.empty()) {
      Object::Ptr phone = obj();
      phone->set("system", "phone");
      phone->set("value", p.phone);
      phone->set("use", "mobile");
      patient->set("telecom", array({phone}));
    }
    patient->set("gender", gender(facts.sex));
    if (facts.birthDate) patient->set("birthDate", detail::isoDate(*facts.birthDate));
    add("Patient", patientId, patient);
    return patientId;
  }

  Object::Ptr specimen(const std::string& specimenId, const std::string& subjectId) {
    const Specimen& s = _r.specimen;
    Object::Ptr sp = obj();
    sp->set("resourceType", "Specimen");
    sp->set("id", specimenId);
    sp->set("identifier", array({identifier("urn:natlims:tube", s.tube)}));
    sp->set("accessionIdentifier", identifier("urn:natlims:tube", s.tube));
    sp->set("status", "available");
    sp->set("type", codeable(coding("http://snomed.info/sct", s.typeCode, s.typeText), s.typeText));
    sp->set("subject", reference(subjectId));
    sp->set("receivedTime", detail::rfc3339(s.receivedAt, _o.utcOffsetMinutes));
    Object::Ptr collection = obj();
    collection->set("collectedDateTime", _collected);
    sp->set("collection", collection);
    if (_r.kind != ReportKind::Individual) {
      Object::Ptr note = obj();
      note->set("text", _r.kind == ReportKind::Pooled
                            ? "Pooled " + std::to_string(s.pooledSize) + "-in-1 tube"
                            : "Environment sample: " + s.description + " at " + s.location);
      sp->set("note", array({note}));
    }
    return sp;
  }

  const PositiveReport& _r;
  const FhirOptions& _o;
  std::string _status;
  std::string _collected;
  std::string _issued;
  Array::Ptr _entries;
};

}  // namespace

std::string fhirResourceId(std::string_view messageId, std::string_view role) {
  Poco::SHA1Engine sha1;
  const std::string name = std::string(messageId) + "#" + std::string(role);
  return Poco::UUIDGenerator().createFromName(idNamespace(), name, sha1, Poco::UUID::UUID_NAME_BASED_SHA1).toString();
}

std::string fhirBundleId(std::string_view messageId, int version) {
  return fhirResourceId(messageId, "bundle/v" + std::to_string(version));
}

Object::Ptr buildFhirBundle(const PositiveReport& report, const FhirOptions& options) {
  validateReport(report);
  return BundleWriter(report, options).bundle();
}

std::string fhirBundleJson(const PositiveReport& report, const FhirOptions& options) {
  std::ostringstream out;
  buildFhirBundle(report, options)->stringify(out);
  return out.str();
}

}  // namespace natlims::reporting
