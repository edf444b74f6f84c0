#include <catch2/catch.hpp>

#include <regex>

#include "SampleReports.h"
#include "natlims/links/Hl7Message.h"
#include "natlims/reporting/Hl7Escape.h"
#include "natlims/reporting/Hl7OruBuilder.h"

using namespace natlims::reporting;
using natlims::links::Hl7Message;
using natlims::links::Hl7Segment;

namespace {

// Parsed with the instrument links' HL7 parser: an independent reading of our bytes.
Hl7Message parse(const std::string& text) {
  auto parsed = Hl7Message::parse(text);
  INFO(parsed.error);
  REQUIRE(parsed.message);
  return *parsed.message;
}

std::string names(const Hl7Message& m) {
  std::string out;
  for (const Hl7Segment& s : m.segments()) out += (out.empty() ? "" : " ") + s.name();
  return out;
}

std::vector<const Hl7Segment*> all(const Hl7Message& m, const std::string& name) {
  std::vector<const Hl7Segment*> out;
  for (const Hl7Segment& s : m.segments())
    if (s.name() == name) out.push_back(&s);
  return out;
}

PositiveReport correction() {
  PositiveReport r = test::individualReport();
  r.version = 2;
  r.call = ResultCall::Negative;
  r.targets[0] = {"ORF1ab", std::nullopt, TargetCall::NotDetected, "94644-2", "94559-2"};
  r.targets[1] = {"N", std::nullopt, TargetCall::NotDetected, "94510-5", "94533-7"};
  r.targets[2] = {"IC", 28.0, TargetCall::Detected, "", ""};
  r.correctionReason = "wells A3|A4 swapped\nre-read from the plate map";
  r.correctedAt = test::correctedAt;
  r.correctedBy = "lab-lead";
  return r;
}

}  // namespace

TEST_CASE("an individual ORU^R01 has MSH PID ORC OBR OBX... SPM, CR-separated", "[reporting][hl7]") {
  const std::string text = buildOruR01(test::individualReport());
  CHECK(text.find('\n') == std::string::npos);
  CHECK(text.back() == '\r');
  const Hl7Message m = parse(text);
  CHECK(names(m) == "MSH PID ORC OBR OBX OBX OBX OBX OBX OBX OBX SPM");
}

TEST_CASE("MSH says who sends what, in which version and character set", "[reporting][hl7]") {
  Hl7Options options;
  options.receivingApplication = "CDC-NNDSS";
  options.receivingFacility = "CDC";
  const Hl7Message m = parse(buildOruR01(test::individualReport(), options));
  const Hl7Segment& msh = m.msh();
  CHECK(msh.get(1) == "|");
  CHECK(msh.get(2) == "^~\\&");
  CHECK(msh.get(3) == "NATLIMS");
  CHECK(msh.get(4) == "演示镇检测实验室");
  CHECK(msh.get(5) == "CDC-NNDSS");
  CHECK(msh.get(6) == "CDC");
  CHECK(msh.get(7) == "20261201150000+0800");  // the release, not the time of building
  CHECK(std::string(msh.rawField(9)) == "ORU^R01^ORU_R01");
  CHECK(msh.get(10) == hl7ControlId("rpt-2026-000123", 1));
  CHECK(msh.get(11) == "P");
  CHECK(msh.get(12) == "2.5.1");
  CHECK(msh.get(17) == "CHN");
  CHECK(msh.get(18) == "UNICODE UTF-8");
}

TEST_CASE("PID carries the identity, birth date and sex read from the resident ID", "[reporting][hl7]") {
  const PositiveReport r = test::individualReport();
  const Hl7Message m = parse(buildOruR01(r));
  const Hl7Segment& pid = *all(m, "PID").at(0);
  CHECK(pid.get(1) == "1");
  CHECK(pid.get(3, 1) == r.persons[0].idNumber);
  CHECK(pid.get(3, 4) == "CHN");
  CHECK(pid.get(3, 5) == "NNCHN");
  CHECK(pid.get(5, 1) == "张三");
  CHECK(pid.get(5, 7) == "L");
  CHECK(pid.get(7) == "19900307");
  CHECK(pid.get(8) == "M");
  CHECK(pid.get(13, 2) == "PRN");
  CHECK(pid.get(13, 12) == "13800138000");
  CHECK(pid.get(28, 1) == "CHN");
}

TEST_CASE("ORC and OBR name the tube, the kit's LOINC, the times and the result status", "[reporting][hl7]") {
  const Hl7Message m = parse(buildOruR01(test::individualReport()));
  const Hl7Segment& orc = *all(m, "ORC").at(0);
  CHECK(orc.get(1) == "RE");
  CHECK(orc.get(3, 1) == "TX00000001");
  const Hl7Segment& obr = *all(m, "OBR").at(0);
  CHECK(obr.get(2, 1) == "rpt-2026-000123");
  CHECK(obr.get(3, 1) == "TX00000001");
  CHECK(obr.get(4, 1) == "94500-6");
  CHECK(obr.get(4, 3) == "LN");
  CHECK(obr.get(7) == "20261201080000+0800");
  CHECK(obr.get(22) == "20261201150000+0800");
  CHECK(obr.get(25) == "F");
  CHECK(obr.get(32) == "reviewer2");
}

TEST_CASE("OBX: the overall result, then each target's Ct and presence, with the kit's LOINC", "[reporting][hl7]") {
  struct Row {
    const char* type;
    const char* code;
    const char* system;
    const char* subId;
    const char* value;
    const char* flag;
  };
  const Row rows[] = {
      {"CWE", "94500-6", "LN", "1", "260373001", "A"},
      {"NM", "94644-2", "LN", "2", "23.46", ""},
      {"CWE", "94559-2", "LN", "2", "260373001", ""},
      {"NM", "94510-5", "LN", "3", "25.10", ""},
      {"CWE", "94533-7", "LN", "3", "260373001", ""},
      {"ST", "NATLIMS-CT-IC", "L", "4", "undetermined", ""},  // internal control: no LOINC in the kit
      {"CWE", "NATLIMS-PRESENCE-IC", "L", "4", "260415000", ""},
  };
  const Hl7Message m = parse(buildOruR01(test::individualReport()));
  const auto obx = all(m, "OBX");
  REQUIRE(obx.size() == std::size(rows));
  for (std::size_t i = 0; i < obx.size(); ++i) {
    INFO("OBX " << i + 1);
    const Hl7Segment& s = *obx[i];
    CHECK(s.get(1) == std::to_string(i + 1));
    CHECK(s.get(2) == rows[i].type);
    CHECK(s.get(3, 1) == rows[i].code);
    CHECK(s.get(3, 3) == rows[i].system);
    CHECK(s.get(4) == rows[i].subId);
    CHECK(s.get(5, 1) == rows[i].value);
    CHECK(s.get(8) == rows[i].flag);
    CHECK(s.get(11) == "F");
    CHECK(s.get(14) == "20261201080000+0800");
    CHECK(s.get(16) == "reviewer2");
    CHECK(s.get(17, 1) == "daan-orf1ab-n");
    CHECK(s.get(23, 1) == "演示镇检测实验室");
    CHECK(s.get(23, 10) == "LAB-0001");
  }
}

TEST_CASE("SPM: the tube, the specimen type and its collection and receipt", "[reporting][hl7]") {
  const Hl7Message m = parse(buildOruR01(test::individualReport()));
  const Hl7Segment& spm = *all(m, "SPM").at(0);
  CHECK(spm.get(2, 1, 1) == "TX00000001");
  CHECK(spm.get(2, 1, 2) == "NATLIMS");
  CHECK(spm.get(4, 1) == "258529004");
  CHECK(spm.get(4, 3) == "SCT");
  CHECK(spm.get(13).empty());
  CHECK(spm.get(17) == "20261201080000+0800");
  CHECK(spm.get(18) == "20261201110000+0800");
}

TEST_CASE("HL7 delimiters and line breaks in data are escaped and read back intact", "[reporting][hl7]") {
  struct Row {
    std::string text;
    std::string escaped;
  };
  const Row rows[] = {
      {"plain 文字", "plain 文字"},
      {"a|b", "a\\F\\b"},
      {"a^b", "a\\S\\b"},
      {"a~b", "a\\R\\b"},
      {"a&b", "a\\T\\b"},
      {"a\\b", "a\\E\\b"},
      {"a\rb\nc", "a\\X0D\\b\\X0A\\c"},
      {"tab\there", "tabhere"},
  };
  for (const Row& row : rows) {
    INFO(row.escaped);
    CHECK(hl7Escape(row.text) == row.escaped);
  }

  PositiveReport r = test::individualReport();
  r.persons[0].idType = natlims::domain::IdType::Passport;
  r.persons[0].idNumber = "X1234567";
  r.persons[0].nationality = "IRL";
  r.persons[0].name = "O'Brien|Smith^Jr~&\\";
  r.specimen.labName = "Lab A&B | Qingdao";
  r.releasedBy = "rev^1";
  const std::string text = buildOruR01(r);
  const Hl7Message m = parse(text);
  CHECK(names(m) == "MSH PID ORC OBR OBX OBX OBX OBX OBX OBX OBX SPM");
  const Hl7Segment& pid = *all(m, "PID").at(0);
  CHECK(pid.get(5, 1) == "O'Brien|Smith^Jr~&\\");
  CHECK(std::string(pid.rawField(5)) == "O'Brien\\F\\Smith\\S\\Jr\\R\\\\T\\\\E\\^^^^^^L");
  CHECK(pid.get(3, 5) == "PPN");
  CHECK(pid.get(8) == "U");  // a passport says nothing of sex
  CHECK(pid.get(7).empty());
  CHECK(m.msh().get(4) == "Lab A&B | Qingdao");
  CHECK(all(m, "OBR").at(0)->get(32) == "rev^1");
}

TEST_CASE("the control id is stable per report version and fits MSH-10", "[reporting][hl7]") {
  const std::regex shape("[0-9A-F]{16}V[0-9]{1,3}");
  CHECK(std::regex_match(hl7ControlId("rpt-2026-000123", 1), shape));
  CHECK(hl7ControlId("rpt-2026-000123", 1) == hl7ControlId("rpt-2026-000123", 1));
  CHECK(hl7ControlId("rpt-2026-000123", 1) != hl7ControlId("rpt-2026-000123", 2));
  CHECK(hl7ControlId("rpt-2026-000123", 1) != hl7ControlId("rpt-2026-000124", 1));
  CHECK(hl7ControlId(std::string(64, 'x'), 999).size() <= 20);
  // The bytes themselves do not change from one build to the next: a resend is identical.
  CHECK(buildOruR01(test::individualReport()) == buildOruR01(test::individualReport()));
  CHECK(buildOruR01(test::pooledReport()) == buildOruR01(test::pooledReport()));
}

TEST_CASE("a correction has result status C everywhere and says why", "[reporting][hl7]") {
  const PositiveReport r = correction();
  const std::string text = buildOruR01(r);
  const Hl7Message m = parse(text);
  CHECK(names(m) == "MSH PID ORC OBR NTE OBX OBX OBX OBX OBX OBX OBX SPM");
  CHECK(m.msh().get(10) == hl7ControlId(r.messageId, 2));
  CHECK(m.msh().get(7) == "20261201160000+0800");
  CHECK(all(m, "OBR").at(0)->get(25) == "C");
  for (const Hl7Segment* obx : all(m, "OBX")) CHECK(obx->get(11) == "C");
  const Hl7Segment& overall = *all(m, "OBX").at(0);
  CHECK(overall.get(5, 1) == "260415000");  // not detected
  CHECK(overall.get(8) == "N");
  const Hl7Segment& nte = *all(m, "NTE").at(0);
  CHECK(nte.get(3) == "Correction (version 2): wells A3|A4 swapped\nre-read from the plate map");
  CHECK(text.find("wells A3\\F\\A4 swapped\\X0A\\re-read") != std::string::npos);
}

TEST_CASE("a pooled positive lists each of its N people with the tube's order and SPM-13 = N", "[reporting][hl7]") {
  const PositiveReport r = test::pooledReport(10);
  const Hl7Message m = parse(buildOruR01(r));
  const auto pids = all(m, "PID");
  REQUIRE(pids.size() == 10);
  for (std::size_t i = 0; i < pids.size(); ++i) {
    INFO("person " << i);
    CHECK(pids[i]->get(1) == std::to_string(i + 1));
    CHECK(pids[i]->get(3, 1) == r.persons[i].idNumber);
    CHECK(pids[i]->get(5, 1) == r.persons[i].name);
  }
  CHECK(all(m, "ORC").size() == 10);
  CHECK(all(m, "OBR").size() == 10);
  CHECK(all(m, "OBX").size() == 70);
  const auto spms = all(m, "SPM");
  REQUIRE(spms.size() == 10);
  for (const Hl7Segment* spm : spms) {
    CHECK(spm->get(2, 1, 1) == "T1POOL0001");
    CHECK(spm->get(13) == "10");
  }
  const auto ntes = all(m, "NTE");
  REQUIRE(ntes.size() == 10);
  CHECK(ntes[0]->get(3).find("Pooled specimen: 10 people in tube T1POOL0001") == 0);
  // Each group is in order: PID ORC OBR NTE OBX*7 SPM.
  const std::string expectedGroup = "PID ORC OBR NTE OBX OBX OBX OBX OBX OBX OBX SPM";
  std::string expected = "MSH";
  for (int i = 0; i < 10; ++i) expected += " " + expectedGroup;
  CHECK(names(m) == expected);
}

TEST_CASE("an environment sample is reported without PID, its description in SPM-14", "[reporting][hl7]") {
  const Hl7Message m = parse(buildOruR01(test::environmentReport()));
  CHECK(names(m) == "MSH ORC OBR NTE OBX OBX OBX OBX OBX OBX OBX SPM");
  const Hl7Segment& spm = *all(m, "SPM").at(0);
  CHECK(spm.get(14) == "冷链进口冻虾外包装 cold-chain shrimp packaging at 演示镇冷库 3号库");
  CHECK(spm.get(4, 1) == "257261003");
}
