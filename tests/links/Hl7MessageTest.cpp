// HL7 v2 parsing, mapping, acknowledgements and MLLP framing (no network).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "natlims/links/Hl7Ack.h"
#include "natlims/links/Hl7Message.h"
#include "natlims/links/Hl7ResultMapper.h"
#include "natlims/links/MllpFramer.h"
#include "natlims/links/RunDocument.h"
#include "support/TestData.h"

using namespace natlims::links;
using natlims::testing::tube;

namespace {

Hl7Message parseOk(const std::string& text) {
  auto parsed = Hl7Message::parse(text);
  INFO(parsed.error);
  REQUIRE(parsed.message);
  return *parsed.message;
}

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("HL7: separators come from MSH-1 and MSH-2", "[links][hl7]") {
  const auto m = parseOk("MSH#$*@%#A$B#C#D#E#20261201##ORU$R01#ID-1#P#2.5.1\rOBX#1#NM#X$Y@Z#");
  CHECK(m.encoding().field == '#');
  CHECK(m.encoding().component == '$');
  CHECK(m.encoding().repetition == '*');
  CHECK(m.encoding().escape == '@');
  CHECK(m.encoding().subcomponent == '%');
  CHECK(m.msh().get(3, 2) == "B");
  CHECK(m.msh().get(9, 2) == "R01");
  CHECK(m.msh().get(10) == "ID-1");
  CHECK(m.msh().rawField(1) == "#");
  CHECK(m.msh().rawField(2) == "$*@%");
  CHECK(m.segments()[1].get(3, 2) == "Y@Z");  // '@' is the escape: "@Z" is not an escape sequence
}

TEST_CASE("HL7: escapes, repetitions, subcomponents; LF and CRLF between segments", "[links][hl7]") {
  const auto m = parseOk("MSH|^~\\&|A|B\r\nOBX|1|ST|T\\F\\1^x~second|s1&s2|a\\E\\b\\X4142\\\\.br\\c\nNTE|1");
  REQUIRE(m.segments().size() == 3);
  const auto& obx = m.segments()[1];
  CHECK(obx.get(3, 1) == "T|1");
  CHECK(obx.get(3, 2) == "x");
  CHECK(obx.componentCount(3) == 2);
  CHECK(obx.get(4, 1, 2) == "s2");
  CHECK(obx.get(5) == "a\\bAB\nc");
  CHECK(m.segments()[2].name() == "NTE");
}

TEST_CASE("HL7: unreadable messages are refused with the reason", "[links][hl7]") {
  const std::vector<std::pair<std::string, std::string>> rows{
      {"PID|1", "does not start with an MSH"},
      {"MSH|^~\\&", "not followed by the field separator"},
      {"MSH|^~|A|B|C", "4 or 5 encoding characters"},
      {"MSH|^~\\^|A|B", "same character twice"},
      {"MSH|^~\\&|A\rpid|1", "segment 2 has no valid segment name"},
      {"MSH|^~\\&|A\rMSH|^~\\&|B", "second MSH"},
  };
  for (const auto& [text, why] : rows) {
    INFO(text);
    const auto parsed = Hl7Message::parse(text);
    CHECK_FALSE(parsed.message);
    CHECK(parsed.error.find(why) != std::string::npos);
  }
}

TEST_CASE("HL7 mapping: ORU^R01, Ct observations per OBR, qualitative ones skipped", "[links][hl7]") {
  const auto mapping = mapHl7Message(parseOk(natlims::testing::oruR01()));
  REQUIRE(mapping.verdict == Hl7Mapping::Verdict::Accept);
  CHECK(toJson(mapping.mapped.run) ==
        R"({"format":"natlims-results-v1","source":"hl7","instrument":"CFX96","run_id":"ORU-0001","wells":[)"
        R"({"sample":")" + tube(11) + R"(","target":"ORF1ab","ct":33.4},)"
        R"({"sample":")" + tube(11) + R"(","target":"N","ct":32.05},)"
        R"({"sample":")" + tube(12) + R"(","target":"ORF1ab","ct":null},)"
        R"({"sample":")" + tube(12) + R"(","target":"N","ct":null}]})");
  CHECK(mapping.mapped.skippedRecords == 1);
}

TEST_CASE("HL7 mapping: OUL^R22, the specimen from SPM, the well from SAC, the dye from OBX-17", "[links][hl7]") {
  const auto mapping = mapHl7Message(parseOk(natlims::testing::oulR22()));
  REQUIRE(mapping.verdict == Hl7Mapping::Verdict::Accept);
  CHECK(toJson(mapping.mapped.run) ==
        R"({"format":"natlims-results-v1","source":"hl7","instrument":"COBAS","run_id":"OUL-0001","wells":[)"
        R"({"well":"C7","sample":")" + tube(21) + R"(","target":"ORF1ab","dye":"FAM","ct":24.5},)"
        R"({"well":"C7","sample":")" + tube(21) + R"(","target":"E","dye":"HEX","ct":25},)"
        R"({"sample":"NC","target":"ORF1ab","dye":"FAM","ct":null}]})");
}

TEST_CASE("HL7 mapping: a LOINC observation takes its alternate (local) identifier as the target", "[links][hl7]") {
  std::string text = natlims::testing::oruR01();
  text = replaceAll(text, "OBX|1|NM|ORF1ab^ORF1ab Ct^L", "OBX|1|NM|94511-3^SARS-CoV-2 ORF1ab region Ct^LN^ORF1ab^ORF1ab^L");
  text = replaceAll(text, "OBX|2|NM|N^N gene Ct^L||32.05", "OBX|2|NM|94510-5^SARS-CoV-2 N gene Ct^LN||32.05");
  const auto mapping = mapHl7Message(parseOk(text));
  REQUIRE(mapping.verdict == Hl7Mapping::Verdict::Accept);
  CHECK(mapping.mapped.run.wells[0].target == "ORF1ab");
  CHECK(mapping.mapped.run.wells[1].target == "94510-5");  // no local code: the kit maps the LOINC code
}

TEST_CASE("HL7 mapping: a numeric observation in other units is not a Ct", "[links][hl7]") {
  std::string text = natlims::testing::oruR01();
  text = replaceAll(text, "OBX|2|NM|N^N gene Ct^L||32.05|{cycles}", "OBX|2|NM|VL^Viral load^L||12000|copies/mL");
  const auto mapping = mapHl7Message(parseOk(text));
  REQUIRE(mapping.verdict == Hl7Mapping::Verdict::Accept);
  CHECK(mapping.mapped.run.wells.size() == 3);
  CHECK(mapping.mapped.skippedRecords == 2);
}

TEST_CASE("HL7 mapping: AR for what cannot be processed, AE for refused content", "[links][hl7]") {
  struct Row {
    std::string from, to;
    Hl7Mapping::Verdict verdict;
    std::string code, problem;
  };
  const std::vector<Row> rows{
      {"ORU^R01^ORU_R01", "ADT^A01^ADT_A01", Hl7Mapping::Verdict::Reject, "200", "MSH-9: message type 'ADT'"},
      {"ORU^R01^ORU_R01", "ORU^R30", Hl7Mapping::Verdict::Reject, "201", "MSH-9: event 'R30'"},
      {"|ORU-0001|P|", "||P|", Hl7Mapping::Verdict::Reject, "101", "MSH-10 (message control ID) is empty"},
      {"|ORU-0001|P|", "|ORU-0001|T|", Hl7Mapping::Verdict::Reject, "202", "MSH-11: processing ID 'T'"},
      {"|P|2.5.1", "|P|3.0", Hl7Mapping::Verdict::Reject, "203", "MSH-12: version '3.0'"},
      {"OBR|1||" + tube(11), "OBR|1||PR25A137", Hl7Mapping::Verdict::Error, "207",
       "OBR 1 (segment 3): specimen (OBR-3): 'PR25A137' is neither a tube code"},
      {"||33.4|", "||thirty|", Hl7Mapping::Verdict::Error, "207", "OBX 1 (segment 4): OBX-5 'thirty' of target ORF1ab"},
      {"OBX|2|NM|N^N gene Ct^L||32.05", "OBX|2|NM|ORF1ab^ORF1ab Ct^L||32.05", Hl7Mapping::Verdict::Error, "207",
       "a second result for sample " + tube(11) + " target ORF1ab"},
  };
  for (const auto& row : rows) {
    INFO(row.from << " -> " << row.to);
    const std::string text = replaceAll(natlims::testing::oruR01(), row.from, row.to);
    REQUIRE(text != natlims::testing::oruR01());
    const auto mapping = mapHl7Message(parseOk(text));
    CHECK(mapping.verdict == row.verdict);
    CHECK(mapping.errorCode == row.code);
    REQUIRE_FALSE(mapping.mapped.problems.empty());
    CHECK(mapping.mapped.problems.front().find(row.problem) != std::string::npos);
  }
}

TEST_CASE("HL7 mapping: processing IDs are configurable", "[links][hl7]") {
  const std::string text = replaceAll(natlims::testing::oruR01(), "|ORU-0001|P|", "|ORU-0001|T|");
  CHECK(mapHl7Message(parseOk(text), "PT").verdict == Hl7Mapping::Verdict::Accept);
}

TEST_CASE("HL7 ACK: MSA answers MSH-10 in the sender's own separators; ERR on errors", "[links][hl7]") {
  const auto oru = parseOk("MSH#$*@%#CFX#LAB#LIS#LAB2#20261201##ORU$R01#C-9#P#2.5.1\rOBR#1");
  const auto ack = parseOk(buildHl7Ack(oru, {"AE", "sample 'x#y' refused", "207"}));
  CHECK(ack.encoding().field == '#');
  CHECK(ack.msh().get(3) == "LIS");
  CHECK(ack.msh().get(5) == "CFX");
  CHECK(ack.msh().get(9, 1) == "ACK");
  CHECK(ack.msh().get(9, 2) == "R01");
  CHECK(ack.msh().get(11) == "P");
  CHECK(ack.msh().get(12) == "2.5.1");
  REQUIRE(ack.segments().size() == 3);
  const auto& msa = ack.segments()[1];
  CHECK(msa.name() == "MSA");
  CHECK(msa.get(1) == "AE");
  CHECK(msa.get(2) == "C-9");
  CHECK(msa.get(3) == "sample 'x#y' refused");  // escaped on the way out, read back intact
  const auto& err = ack.segments()[2];
  CHECK(err.name() == "ERR");
  CHECK(err.get(3, 1) == "207");
  CHECK(err.get(4) == "E");
  CHECK(err.get(8) == "sample 'x#y' refused");

  const auto aa = parseOk(buildHl7Ack(oru, {"AA", {}, {}}));
  CHECK(aa.segments().size() == 2);
  CHECK(aa.segments()[1].get(1) == "AA");
}

TEST_CASE("MLLP framing: messages whatever the segmentation of the reads", "[links][hl7][mllp]") {
  const std::string stream = mllpFrame("MSH|one") + "\r\n" + mllpFrame("MSH|two");
  for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, stream.size()}) {
    INFO("chunk " << chunk);
    MllpFramer framer(1024);
    std::vector<MllpEvent> events;
    for (std::size_t i = 0; i < stream.size(); i += chunk) framer.feed(std::string_view(stream).substr(i, chunk), events);
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == MllpEvent::Kind::Message);
    CHECK(events[0].text == "MSH|one");
    CHECK(events[1].text == "MSH|two");
    CHECK_FALSE(framer.inMessage());
  }
}

TEST_CASE("MLLP framing errors: junk, a restarted block, a bad end, an oversized block", "[links][hl7][mllp]") {
  MllpFramer framer(16);
  std::vector<MllpEvent> events;
  framer.feed("junk" + mllpFrame("MSH|ok"), events);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == MllpEvent::Kind::Dropped);
  CHECK(events[0].reason.find("outside an MLLP block") != std::string::npos);
  CHECK(events[1].kind == MllpEvent::Kind::Message);

  events.clear();
  framer.feed("\x0BMSH|partial\x0BMSH|again\x1C\x0D", events);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == MllpEvent::Kind::Dropped);
  CHECK(events[0].reason.find("abandoned") != std::string::npos);
  CHECK(events[1].text == "MSH|again");

  events.clear();
  framer.feed("\x0BMSH|badend\x1CX", events);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == MllpEvent::Kind::Rejected);
  CHECK(events[0].text == "MSH|badend");
  CHECK(events[0].reason.find("not followed by 0x0D") != std::string::npos);
  CHECK(events[1].kind == MllpEvent::Kind::Dropped);  // the stray X

  events.clear();
  framer.feed(mllpFrame("MSH|" + std::string(40, 'x')), events);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == MllpEvent::Kind::Rejected);
  CHECK(events[0].reason.find("larger than 16 bytes") != std::string::npos);

  events.clear();
  framer.feed("\x0BMSH|never ends", events);
  CHECK(events.empty());
  CHECK(framer.inMessage());
  CHECK(framer.reset() == 14);
  CHECK_FALSE(framer.inMessage());
}
