#include <catch2/catch.hpp>

#include <functional>

#include "SampleReports.h"
#include "natlims/reporting/Loinc.h"
#include "natlims/reporting/PositiveReport.h"
#include "natlims/reporting/ReportError.h"

using namespace natlims::reporting;
using namespace std::chrono;

TEST_CASE("LOINC codes are checked with their mod-10 check digit", "[reporting][model]") {
  struct Row {
    const char* code;
    bool valid;
  };
  const Row rows[] = {
      {"94500-6", true},  {"94309-2", true},  {"94644-2", true},  {"94559-2", true},  {"94510-5", true},
      {"94533-7", true},  {"94500-5", false}, {"94500-60", false}, {"94500", false},  {"-6", false},
      {"9450A-6", false}, {"12345678-9", false}, {"", false},   {"94500-X", false},
  };
  for (const Row& row : rows) {
    INFO(row.code);
    CHECK(isValidLoinc(row.code) == row.valid);
  }
}

TEST_CASE("birth date and sex come from a resident ID's digits", "[reporting][model]") {
  struct Row {
    std::string number;
    year_month_day birth;
    Sex sex;
  };
  const Row rows[] = {
      {test::residentId("110105", "19900307", 123), 1990y / March / 7, Sex::Male},
      {test::residentId("110105", "19491231", 2), 1949y / December / 31, Sex::Female},
      {"11010519491231002X", 1949y / December / 31, Sex::Female},
      {"440524188001010014", 1880y / January / 1, Sex::Male},
  };
  for (const Row& row : rows) {
    INFO(row.number);
    Person p;
    p.idNumber = row.number;
    const PersonFacts facts = personFacts(p);
    REQUIRE(facts.birthDate);
    CHECK(*facts.birthDate == row.birth);
    CHECK(facts.sex == row.sex);
  }
}

TEST_CASE("a passport holder's birth date and sex are what the registration gave", "[reporting][model]") {
  Person p;
  p.idType = natlims::domain::IdType::Passport;
  p.idNumber = "E12345678";
  CHECK_FALSE(personFacts(p).birthDate);
  CHECK(personFacts(p).sex == Sex::Unknown);
  p.birthDate = 2001y / May / 4;
  p.sex = Sex::Female;
  CHECK(*personFacts(p).birthDate == 2001y / May / 4);
  CHECK(personFacts(p).sex == Sex::Female);
}

TEST_CASE("the sample reports are valid", "[reporting][model]") {
  CHECK_NOTHROW(validateReport(test::individualReport()));
  CHECK_NOTHROW(validateReport(test::pooledReport()));
  CHECK_NOTHROW(validateReport(test::environmentReport()));
}

TEST_CASE("a bad report is refused naming the field, never echoing an identity", "[reporting][model]") {
  struct Row {
    const char* what;
    std::function<PositiveReport()> make;
    const char* field;
  };
  auto individual = [](std::function<void(PositiveReport&)> change) {
    return [change] {
      PositiveReport r = test::individualReport();
      change(r);
      return r;
    };
  };
  auto pooled = [](std::function<void(PositiveReport&)> change) {
    return [change] {
      PositiveReport r = test::pooledReport();
      change(r);
      return r;
    };
  };
  const Row rows[] = {
      {"empty message id", individual([](auto& r) { r.messageId.clear(); }), "message_id"},
      {"message id with a blank", individual([](auto& r) { r.messageId = "a b"; }), "message_id"},
      {"bad check character", individual([](auto& r) { r.persons[0].idNumber[17] = r.persons[0].idNumber[17] == '1' ? '2' : '1'; }), "persons[0].id_number"},
      {"no name", individual([](auto& r) { r.persons[0].name = " "; }), "persons[0].name"},
      {"nationality", individual([](auto& r) { r.persons[0].nationality = "cn"; }), "persons[0].nationality"},
      {"birth date disagrees", individual([](auto& r) { r.persons[0].birthDate = 1991y / March / 7; }), "persons[0].birth_date"},
      {"sex disagrees", individual([](auto& r) { r.persons[0].sex = Sex::Female; }), "persons[0].sex"},
      {"two people in an individual tube", individual([](auto& r) { r.persons.push_back(r.persons[0]); }), "persons"},
      {"individual pooled size", individual([](auto& r) { r.specimen.pooledSize = 10; }), "specimen.pooled_size"},
      {"pool missing a person", pooled([](auto& r) { r.persons.pop_back(); }), "persons"},
      {"pool lists someone twice", pooled([](auto& r) { r.persons[3] = r.persons[2]; }), "persons[3]"},
      {"pool of one", pooled([](auto& r) { r.specimen.pooledSize = 1; r.persons.resize(1); }), "specimen.pooled_size"},
      {"environment with a person", [] { auto r = test::environmentReport(); r.persons = test::individualReport().persons; return r; }, "persons"},
      {"environment without location", [] { auto r = test::environmentReport(); r.specimen.location.clear(); return r; }, "specimen.location"},
      {"no tube", individual([](auto& r) { r.specimen.tube.clear(); }), "specimen.tube"},
      {"no lab", individual([](auto& r) { r.specimen.labName.clear(); }), "specimen.lab_name"},
      {"collected in seconds", individual([](auto& r) { r.specimen.collectedAt /= 1000; }), "specimen.collected_at"},
      {"received before collected", individual([](auto& r) { r.specimen.receivedAt = r.specimen.collectedAt - 1; }), "specimen.received_at"},
      {"released before received", individual([](auto& r) { r.releasedAt = r.specimen.receivedAt - 1; }), "released_at"},
      {"no reviewer", individual([](auto& r) { r.releasedBy.clear(); }), "released_by"},
      {"kit LOINC typo", individual([](auto& r) { r.resultLoinc = "94500-7"; }), "result_loinc"},
      {"target LOINC typo", individual([](auto& r) { r.targets[1].loincCt = "94510-4"; }), "targets[1].loinc_ct"},
      {"no targets", individual([](auto& r) { r.targets.clear(); }), "targets"},
      {"target twice", individual([](auto& r) { r.targets[1].name = "ORF1ab"; }), "targets[1].name"},
      {"Ct out of range", individual([](auto& r) { r.targets[0].ct = 75.0; }), "targets[0].ct"},
      {"detected without Ct", individual([](auto& r) { r.targets[0].ct.reset(); }), "targets[0].ct"},
      {"original negative", individual([](auto& r) { r.call = ResultCall::Negative; }), "call"},
      {"original with a reason", individual([](auto& r) { r.correctionReason = "x"; }), "correction_reason"},
      {"correction without reason", individual([](auto& r) { r.version = 2; r.correctedAt = test::correctedAt; r.correctedBy = "lead"; }), "correction_reason"},
      {"correction before release", individual([](auto& r) { r.version = 2; r.correctionReason = "x"; r.correctedAt = r.releasedAt - 1; r.correctedBy = "lead"; }), "corrected_at"},
      {"version 0", individual([](auto& r) { r.version = 0; }), "version"},
  };
  for (const Row& row : rows) {
    INFO(row.what);
    const PositiveReport report = row.make();
    try {
      validateReport(report);
      FAIL("accepted");
    } catch (const ReportError& e) {
      CHECK(e.field() == row.field);
      for (const Person& p : report.persons) {
        CHECK(std::string(e.what()).find(p.idNumber) == std::string::npos);
        if (p.name.size() > 1) CHECK(std::string(e.what()).find(p.name) == std::string::npos);
      }
    }
  }
}

TEST_CASE("a correction may turn a positive into a negative", "[reporting][model]") {
  PositiveReport r = test::individualReport();
  r.version = 2;
  r.call = ResultCall::Negative;
  r.correctionReason = "wells A3 and A4 swapped on the plate";
  r.correctedAt = test::correctedAt;
  r.correctedBy = "lead";
  CHECK_NOTHROW(validateReport(r));
  CHECK(r.isCorrection());
  CHECK(r.versionTime() == test::correctedAt);
}
