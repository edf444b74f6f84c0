#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "SampleReports.h"
#include "natlims/reporting/FhirBundleBuilder.h"

using namespace natlims::reporting;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// The bundle as a receiver reads it: parsed back from the JSON text.
Object::Ptr parsed(const PositiveReport& report) {
  Poco::JSON::Parser parser;
  return parser.parse(fhirBundleJson(report)).extract<Object::Ptr>();
}

struct Index {
  std::map<std::string, Object::Ptr> byFullUrl;
  std::multimap<std::string, Object::Ptr> byType;
};

Index index(const Object::Ptr& bundle) {
  Index idx;
  const Array::Ptr entries = bundle->getArray("entry");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const Object::Ptr entry = entries->getObject(static_cast<unsigned>(i));
    const Object::Ptr resource = entry->getObject("resource");
    idx.byFullUrl[entry->getValue<std::string>("fullUrl")] = resource;
    idx.byType.emplace(resource->getValue<std::string>("resourceType"), resource);
  }
  return idx;
}

Object::Ptr one(const Index& idx, const std::string& type) {
  REQUIRE(idx.byType.count(type) == 1);
  return idx.byType.find(type)->second;
}

// Every {"reference": ...} anywhere in `value`.
void collectReferences(const Poco::Dynamic::Var& value, std::vector<std::string>& out) {
  if (value.type() == typeid(Object::Ptr)) {
    const Object::Ptr o = value.extract<Object::Ptr>();
    for (const auto& [key, v] : *o) {
      if (key == "reference") out.push_back(v.toString());
      else collectReferences(v, out);
    }
  } else if (value.type() == typeid(Array::Ptr)) {
    const Array::Ptr a = value.extract<Array::Ptr>();
    for (std::size_t i = 0; i < a->size(); ++i) collectReferences(a->get(static_cast<unsigned>(i)), out);
  }
}

std::string ref(const Object::Ptr& resource, const std::string& field) {
  return resource->getObject(field)->getValue<std::string>("reference");
}

std::string loincOf(const Object::Ptr& observation) {
  const Object::Ptr coding = observation->getObject("code")->getArray("coding")->getObject(0);
  return coding->getValue<std::string>("system") == "http://loinc.org" ? coding->getValue<std::string>("code") : "";
}

}  // namespace

TEST_CASE("a bundle is a transaction of PUTs with every resource a report needs", "[reporting][fhir]") {
  const Object::Ptr bundle = parsed(test::individualReport());
  CHECK(bundle->getValue<std::string>("resourceType") == "Bundle");
  CHECK(bundle->getValue<std::string>("type") == "transaction");
  CHECK(bundle->getValue<std::string>("timestamp") == "2026-12-01T15:00:00+08:00");
  const Index idx = index(bundle);
  CHECK(idx.byType.count("DiagnosticReport") == 1);
  CHECK(idx.byType.count("Observation") == 7);
  CHECK(idx.byType.count("Patient") == 1);
  CHECK(idx.byType.count("Specimen") == 1);
  CHECK(idx.byType.count("Organization") == 1);
  CHECK(idx.byType.count("Practitioner") == 1);
  const Array::Ptr entries = bundle->getArray("entry");
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const Object::Ptr entry = entries->getObject(static_cast<unsigned>(i));
    const Object::Ptr resource = entry->getObject("resource");
    const std::string id = resource->getValue<std::string>("id");
    INFO(resource->getValue<std::string>("resourceType"));
    CHECK(std::regex_match(id, uuid));
    CHECK(entry->getValue<std::string>("fullUrl") == "urn:uuid:" + id);
    CHECK(entry->getObject("request")->getValue<std::string>("method") == "PUT");
    CHECK(entry->getObject("request")->getValue<std::string>("url") ==
          resource->getValue<std::string>("resourceType") + "/" + id);
  }
}

TEST_CASE("every reference in a bundle resolves to an entry of it", "[reporting][fhir]") {
  for (const PositiveReport& report : {test::individualReport(), test::pooledReport(), test::environmentReport()}) {
    INFO(reportKindName(report.kind));
    const Object::Ptr bundle = parsed(report);
    const Index idx = index(bundle);
    std::vector<std::string> references;
    collectReferences(bundle->get("entry"), references);
    CHECK(references.size() > 10);
    for (const std::string& r : references) {
      INFO(r);
      CHECK(idx.byFullUrl.count(r) == 1);
    }
  }
}

TEST_CASE("the DiagnosticReport and Observations carry the kit's LOINC codes and the result", "[reporting][fhir]") {
  const Index idx = index(parsed(test::individualReport()));
  const Object::Ptr report = one(idx, "DiagnosticReport");
  CHECK(report->getValue<std::string>("status") == "final");
  CHECK(loincOf(report) == "94500-6");
  CHECK(report->getArray("result")->size() == 7);
  CHECK(report->getValue<std::string>("effectiveDateTime") == "2026-12-01T08:00:00+08:00");
  CHECK(report->getValue<std::string>("issued") == "2026-12-01T15:00:00+08:00");
  CHECK(report->getArray("conclusionCode")->getObject(0)->getArray("coding")->getObject(0)->getValue<std::string>(
            "code") == "260373001");

  std::multiset<std::string> loincs;
  std::string ctValue;
  for (auto it = idx.byType.lower_bound("Observation"); it != idx.byType.upper_bound("Observation"); ++it) {
    const Object::Ptr o = it->second;
    CHECK(o->getValue<std::string>("status") == "final");
    CHECK(ref(o, "specimen") == "urn:uuid:" + one(idx, "Specimen")->getValue<std::string>("id"));
    CHECK(ref(o, "subject") == "urn:uuid:" + one(idx, "Patient")->getValue<std::string>("id"));
    const Object::Ptr method = o->getObject("method")->getArray("coding")->getObject(0);
    CHECK(method->getValue<std::string>("code") == "daan-orf1ab-n");
    CHECK(method->getValue<std::string>("version") == "1");
    loincs.insert(loincOf(o));
    if (loincOf(o) == "94644-2") ctValue = o->getObject("valueQuantity")->get("value").toString();
    if (o->getObject("code")->getValue<std::string>("text") == "IC Ct")
      CHECK(o->getValue<std::string>("valueString") == "undetermined");
  }
  CHECK(loincs == std::multiset<std::string>{"94500-6", "94644-2", "94559-2", "94510-5", "94533-7", "", ""});
  CHECK(ctValue == "23.46");
}

TEST_CASE("the Patient has the identity, nationality, birth date and sex of the resident ID", "[reporting][fhir]") {
  const PositiveReport r = test::individualReport();
  const Object::Ptr patient = one(index(parsed(r)), "Patient");
  const Object::Ptr identifier = patient->getArray("identifier")->getObject(0);
  CHECK(identifier->getValue<std::string>("value") == r.persons[0].idNumber);
  CHECK(identifier->getValue<std::string>("system") == "urn:natlims:id:resident_id:CHN");
  CHECK(identifier->getObject("type")->getArray("coding")->getObject(0)->getValue<std::string>("code") == "NNCHN");
  CHECK(patient->getArray("name")->getObject(0)->getValue<std::string>("text") == "张三");
  CHECK(patient->getValue<std::string>("gender") == "male");
  CHECK(patient->getValue<std::string>("birthDate") == "1990-03-07");
  CHECK(patient->getArray("telecom")->getObject(0)->getValue<std::string>("value") == "13800138000");
  const Object::Ptr nationality = patient->getArray("extension")->getObject(0);
  CHECK(nationality->getValue<std::string>("url") == "http://hl7.org/fhir/StructureDefinition/patient-nationality");
}

TEST_CASE("a pooled positive's subject is a Group of its N Patients", "[reporting][fhir]") {
  const PositiveReport r = test::pooledReport(10);
  const Index idx = index(parsed(r));
  CHECK(idx.byType.count("Patient") == 10);
  const Object::Ptr group = one(idx, "Group");
  CHECK(group->getValue<std::string>("type") == "person");
  CHECK(group->getValue<bool>("actual"));
  CHECK(group->getValue<int>("quantity") == 10);
  const Array::Ptr members = group->getArray("member");
  REQUIRE(members->size() == 10);
  std::set<std::string> memberIds;
  for (std::size_t i = 0; i < members->size(); ++i) {
    const std::string reference = ref(members->getObject(static_cast<unsigned>(i)), "entity");
    REQUIRE(idx.byFullUrl.count(reference) == 1);
    CHECK(idx.byFullUrl.at(reference)->getValue<std::string>("resourceType") == "Patient");
    memberIds.insert(reference);
  }
  CHECK(memberIds.size() == 10);
  const std::string groupRef = "urn:uuid:" + group->getValue<std::string>("id");
  CHECK(ref(one(idx, "DiagnosticReport"), "subject") == groupRef);
  CHECK(ref(one(idx, "Specimen"), "subject") == groupRef);
  for (auto it = idx.byType.lower_bound("Observation"); it != idx.byType.upper_bound("Observation"); ++it)
    CHECK(ref(it->second, "subject") == groupRef);
  CHECK(one(idx, "DiagnosticReport")->getValue<std::string>("conclusion").find("Pooled specimen of 10 people") !=
        std::string::npos);
}

TEST_CASE("an environment sample's subject is a Location", "[reporting][fhir]") {
  const Index idx = index(parsed(test::environmentReport()));
  CHECK(idx.byType.count("Patient") == 0);
  const Object::Ptr location = one(idx, "Location");
  CHECK(location->getValue<std::string>("name") == "演示镇冷库 3号库");
  CHECK(ref(one(idx, "Specimen"), "subject") == "urn:uuid:" + location->getValue<std::string>("id"));
}

TEST_CASE("resource ids are stable: the same report gives the same bundle, a correction PUTs over it",
          "[reporting][fhir]") {
  const PositiveReport original = test::individualReport();
  CHECK(fhirBundleJson(original) == fhirBundleJson(original));

  PositiveReport corrected = original;
  corrected.version = 2;
  corrected.call = ResultCall::Retest;
  corrected.targets[1] = {"N", std::nullopt, TargetCall::NotDetected, "94510-5", "94533-7"};
  corrected.correctionReason = "N target re-read: no amplification";
  corrected.correctedAt = test::correctedAt;
  corrected.correctedBy = "lab-lead";

  const Object::Ptr a = parsed(original);
  const Object::Ptr b = parsed(corrected);
  CHECK(a->getValue<std::string>("id") != b->getValue<std::string>("id"));  // a new transaction
  CHECK(a->getValue<std::string>("id") == fhirBundleId(original.messageId, 1));
  const Index ia = index(a);
  const Index ib = index(b);
  for (const char* type : {"DiagnosticReport", "Patient", "Specimen", "Organization"})
    CHECK(one(ia, type)->getValue<std::string>("id") == one(ib, type)->getValue<std::string>("id"));
  CHECK(one(ia, "DiagnosticReport")->getValue<std::string>("id") ==
        fhirResourceId(original.messageId, "diagnostic-report"));
  const Object::Ptr report = one(ib, "DiagnosticReport");
  CHECK(report->getValue<std::string>("status") == "corrected");
  CHECK(report->getValue<std::string>("conclusion").find("N target re-read") != std::string::npos);
  for (auto it = ib.byType.lower_bound("Observation"); it != ib.byType.upper_bound("Observation"); ++it)
    CHECK(it->second->getValue<std::string>("status") == "corrected");
  // Another report never shares an id with this one.
  CHECK(fhirResourceId("rpt-2026-000124", "specimen") != fhirResourceId(original.messageId, "specimen"));
}
