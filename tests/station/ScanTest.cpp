#include <catch2/catch.hpp>

#include "StationTestSupport.h"
#include "natlims/station/Scan.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

namespace {

const domain::Ed25519PrivateKey& serverKey() {
  static const auto key = domain::generateEd25519PrivateKey();
  return key;
}

std::string preRegPayload() {
  domain::PreRegistration r;
  r.idType = domain::IdType::ResidentId;
  r.idNumber = "11010519491231002X";
  r.name = "张三";
  r.phone = "13800138000";
  r.issuedAt = 1764547200;
  return domain::signPreRegistration(r, serverKey());
}

}  // namespace

TEST_CASE("scans are recognised by their content", "[scan]") {
  const auto key = std::optional(domain::ed25519PublicKeyOf(serverKey()));
  const std::string tube = tubeCode(12345);
  struct Row {
    std::string line;
    ScanKind kind;
    std::string reasonCode;
  };
  const std::vector<Row> rows = {
      {"", ScanKind::Empty, ""},
      {"   \r\n", ScanKind::Empty, ""},
      {tube, ScanKind::Tube, ""},
      {tube + "\r\n", ScanKind::Tube, ""},
      {domain::groupCodeForReading(tube), ScanKind::Tube, ""},
      {boxCode(7), ScanKind::Box, ""},
      {courierCode(9), ScanKind::Courier, ""},
      {withBadCheck(tube), ScanKind::Invalid, "bad_check_character"},
      {withBadCheck(boxCode(7)), ScanKind::Invalid, "bad_check_character"},
      {"11010519491231002X", ScanKind::Person, ""},
      {"11010519491231002x", ScanKind::Person, ""},
      {"11010519491231002X 张三", ScanKind::Person, ""},
      {"110105491231002", ScanKind::Person, ""},  // legacy 15 digits
      {"810000199408230021", ScanKind::Person, ""},
      {"H12345678", ScanKind::Person, ""},
      {"E12345678", ScanKind::Person, ""},
      {"passport DEU X1234567 Anna Smith", ScanKind::Person, ""},
      {"passport DE X1234567", ScanKind::Invalid, "invalid_id"},
      {"110105194912310021", ScanKind::Invalid, "invalid_id"},
      {"110105194913310023", ScanKind::Invalid, "invalid_id"},
      {"11010519491231002X \x01", ScanKind::Unrecognised, "unrecognised"},
      {"close", ScanKind::Command, ""},
      {"CLOSE", ScanKind::Command, ""},
      {"cmd:undo", ScanKind::Command, ""},
      {"*seal", ScanKind::Command, ""},
      {"hand over", ScanKind::Command, ""},
      {preRegPayload(), ScanKind::Person, ""},
      {preRegPayload().replace(10, 1, "A") == preRegPayload() ? preRegPayload().replace(10, 1, "B")
                                                              : preRegPayload().replace(10, 1, "A"),
       ScanKind::Invalid, "forged_code"},
      {preRegPayload().substr(0, 100), ScanKind::Invalid, "bad_preregistration"},
      {"hello world", ScanKind::Unrecognised, "unrecognised"},
      {"12345", ScanKind::Unrecognised, "unrecognised"},
  };
  for (const auto& row : rows) {
    INFO("line: " << row.line);
    const Scan s = recognizeScan(row.line, key);
    CHECK(s.kind == row.kind);
    CHECK(s.reasonCode == row.reasonCode);
    // A refusal never repeats a full ID number.
    CHECK(s.reason.find("1101051949") == std::string::npos);
  }
}

TEST_CASE("recognised scans carry what was read", "[scan]") {
  const auto key = std::optional(domain::ed25519PublicKeyOf(serverKey()));
  SECTION("a code in reading groups and lower case comes back canonical") {
    const std::string tube = tubeCode(999);
    std::string typed = domain::groupCodeForReading(tube);
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const Scan s = recognizeScan(typed, key);
    REQUIRE(s.kind == ScanKind::Tube);
    CHECK(s.code == tube);
  }
  SECTION("an ID card reader line gives number and name") {
    const Scan s = recognizeScan("11010519491231002x  张三 ", key);
    REQUIRE(s.person);
    CHECK(s.person->idNumber == "11010519491231002X");
    CHECK(s.person->name == "张三");
    CHECK(s.person->nationality == "CHN");
    CHECK_FALSE(s.person->preRegistered);
  }
  SECTION("a legacy ID is converted") {
    const Scan s = recognizeScan("110105491231002", key);
    REQUIRE(s.person);
    CHECK(s.person->idNumber.size() == 18);
  }
  SECTION("a pre-registration code gives the whole person") {
    const Scan s = recognizeScan(preRegPayload(), key);
    REQUIRE(s.person);
    CHECK(s.person->preRegistered);
    CHECK(s.person->name == "张三");
    CHECK(s.person->phone == "13800138000");
  }
  SECTION("a pre-registration code without a key is refused, not trusted") {
    const Scan s = recognizeScan(preRegPayload(), std::nullopt);
    CHECK(s.kind == ScanKind::Invalid);
    CHECK(s.reasonCode == "no_key");
  }
  SECTION("a pre-registration code signed by another server is forged") {
    const auto other = domain::ed25519PublicKeyOf(domain::generateEd25519PrivateKey());
    const Scan s = recognizeScan(preRegPayload(), other);
    CHECK(s.reasonCode == "forged_code");
  }
  SECTION("typed foreign passport") {
    const Scan s = recognizeScan("passport deu x1234567 Anna Smith", key);
    REQUIRE(s.person);
    CHECK(s.person->idType == domain::IdType::Passport);
    CHECK(s.person->nationality == "DEU");
    CHECK(s.person->idNumber == "X1234567");
    CHECK(s.person->name == "Anna Smith");
  }
  SECTION("commands") {
    const std::vector<std::pair<std::string, Command>> rows = {
        {"close", Command::Close}, {"undo", Command::Undo},     {"reprint", Command::Reprint},
        {"pack", Command::Pack},   {"seal", Command::Seal},     {"handover", Command::Handover},
        {"resample", Command::Resample}, {"quit", Command::Quit}};
    for (const auto& [text, cmd] : rows) {
      INFO(text);
      const Scan s = recognizeScan(text, key);
      REQUIRE(s.kind == ScanKind::Command);
      CHECK(s.command == cmd);
      CHECK(commandName(cmd) == text);
    }
  }
}
