#include <catch2/catch.hpp>

#include "natlims/domain/IdDocument.h"

using natlims::domain::IdType;
using natlims::domain::validateIdDocument;

namespace {

struct Row {
  IdType type;
  const char* number;
  const char* nationality;
  bool ok;
  const char* normalized;  // expected canonical form when ok
};

// Table of document numbers and the verdict the rules of BRIEF.md give for each.
const Row kRows[] = {
    // 18-digit resident IDs: the BRIEF's vectors, lower-case x, blanks, check-character errors.
    {IdType::ResidentId, "11010519491231002X", "", true, "11010519491231002X"},
    {IdType::ResidentId, "440524188001010014", "", true, "440524188001010014"},
    {IdType::ResidentId, "11010519491231002x", "", true, "11010519491231002X"},
    {IdType::ResidentId, "  11010519491231002X ", "", true, "11010519491231002X"},
    {IdType::ResidentId, "110105194912310021", "", false, ""},   // wrong check
    {IdType::ResidentId, "440524188001010015", "", false, ""},   // wrong check
    {IdType::ResidentId, "11010519491331002X", "", false, ""},   // month 13
    {IdType::ResidentId, "110105194902300020", "", false, ""},   // 30 February
    {IdType::ResidentId, "1101051949123100", "", false, ""},     // 16 characters
    {IdType::ResidentId, "11010519491231002", "", false, ""},    // 17 characters
    {IdType::ResidentId, "1101051949123100XX", "", false, ""},   // X inside
    {IdType::ResidentId, "810000199001010013", "", false, ""},   // permit prefix is not a resident ID
    {IdType::ResidentId, "", "", false, ""},
    // Legacy 15 digits: converted by inserting 19 and computing the check.
    {IdType::ResidentId, "110105491231002", "", true, "11010519491231002X"},
    {IdType::ResidentId, "440524800101001", "", true, "440524198001010013"},
    {IdType::ResidentId, "110105491331002", "", false, ""},      // month 13
    {IdType::ResidentId, "11010549123100A", "", false, ""},
    // HK / Macao / Taiwan residence permits.
    {IdType::HkMacaoTaiwanPermit, "810000199408230021", "", true, "810000199408230021"},
    {IdType::HkMacaoTaiwanPermit, "830000199201300022", "", true, "830000199201300022"},
    {IdType::HkMacaoTaiwanPermit, "810000199408230022", "", false, ""},  // wrong check
    {IdType::HkMacaoTaiwanPermit, "840000199408230021", "", false, ""},  // unknown prefix
    {IdType::HkMacaoTaiwanPermit, "11010519491231002X", "", false, ""},
    // Home-return permits.
    {IdType::HomeReturnPermit, "H12345678", "", true, "H12345678"},
    {IdType::HomeReturnPermit, "m1234567801", "", true, "M1234567801"},
    {IdType::HomeReturnPermit, "H1234567", "", false, ""},
    {IdType::HomeReturnPermit, "H123456789", "", false, ""},
    {IdType::HomeReturnPermit, "K12345678", "", false, ""},
    // Passports: Chinese shapes, foreign free form with nationality.
    {IdType::Passport, "E12345678", "", true, "E12345678"},
    {IdType::Passport, "EA1234567", "CHN", true, "EA1234567"},
    {IdType::Passport, "G12345678", "", false, ""},
    {IdType::Passport, "E1234567", "", false, ""},
    {IdType::Passport, "X1234567AB", "USA", true, "X1234567AB"},
    {IdType::Passport, "AB12", "USA", false, ""},
    {IdType::Passport, "AB-123456", "GBR", false, ""},
    {IdType::Passport, "E12345678", "U1", false, ""},           // bad nationality
    // Foreign permanent residence cards: 2017 (15) and 2023 (18, starts with 9).
    {IdType::ForeignPermanentResident, "USA115901010011", "", true, "USA115901010011"},
    {IdType::ForeignPermanentResident, "USA115913010011", "", false, ""},  // month 13
    {IdType::ForeignPermanentResident, "US1115901010011", "", false, ""},
    {IdType::ForeignPermanentResident, "933000199001010019", "", true, "933000199001010019"},
    {IdType::ForeignPermanentResident, "933000199001010017", "", false, ""},
    {IdType::ForeignPermanentResident, "11010519491231002X", "", false, ""},
    // Other documents: free form, bounded.
    {IdType::Other, "Military 12-3456", "", true, "MILITARY 12-3456"},
    {IdType::Other, "123456789012345678901234567890123", "", false, ""},
    {IdType::Other, "tab\there", "", false, ""},
};

}  // namespace

TEST_CASE("identity documents are validated by the rules of their type", "[id]") {
  for (const Row& row : kRows) {
    INFO("type " << natlims::domain::idTypeName(row.type) << " number '" << row.number << "'");
    const auto r = validateIdDocument(row.type, row.number, row.nationality);
    CHECK(r.ok == row.ok);
    if (row.ok) CHECK(r.normalized == row.normalized);
    if (!row.ok) CHECK_FALSE(r.error.empty());
  }
}

TEST_CASE("error messages never echo the document number", "[id][privacy]") {
  for (const Row& row : kRows) {
    const auto r = validateIdDocument(row.type, row.number, row.nationality);
    if (!r.ok && std::string(row.number).size() > 4) {
      INFO(row.number);
      CHECK(r.error.find(row.number) == std::string::npos);
    }
  }
}

TEST_CASE("the MOD 11-2 check character of every single-digit substitution is caught", "[id]") {
  const std::string valid = "11010519491231002X";
  int caught = 0, total = 0;
  for (std::size_t pos = 0; pos < 17; ++pos) {
    for (char d = '0'; d <= '9'; ++d) {
      if (d == valid[pos]) continue;
      std::string s = valid;
      s[pos] = d;
      ++total;
      if (!validateIdDocument(IdType::ResidentId, s).ok) ++caught;
    }
  }
  CHECK(caught == total);
}

TEST_CASE("document type names round-trip through the API spelling", "[id]") {
  for (const char* name : {"resident_id", "hk_macao_taiwan_permit", "home_return_permit", "passport",
                           "foreign_permanent_resident", "other"}) {
    const auto t = natlims::domain::parseIdType(name);
    REQUIRE(t);
    CHECK(natlims::domain::idTypeName(*t) == name);
  }
  CHECK_FALSE(natlims::domain::parseIdType("driver_licence"));
}

TEST_CASE("a scanned number is classified by its content", "[id][station]") {
  using natlims::domain::classifyIdNumber;
  CHECK(classifyIdNumber("11010519491231002X") == IdType::ResidentId);
  CHECK(classifyIdNumber("110105491231002") == IdType::ResidentId);
  CHECK(classifyIdNumber("810000199408230021") == IdType::HkMacaoTaiwanPermit);
  CHECK(classifyIdNumber("933000199001010019") == IdType::ForeignPermanentResident);
  CHECK(classifyIdNumber("H12345678") == IdType::HomeReturnPermit);
  CHECK(classifyIdNumber("E12345678") == IdType::Passport);
  CHECK_FALSE(classifyIdNumber("110105194912310021"));
  CHECK_FALSE(classifyIdNumber("T000000000"));
}
