// The HL7/MLLP link over real TCP on loopback, with the gateway's real HTTP client posting to a
// fake server.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "natlims/links/Hl7Ack.h"
#include "natlims/links/Hl7Message.h"
#include "natlims/links/MllpClient.h"
#include "support/LinkRig.h"
#include "support/RawSocket.h"
#include "support/TestData.h"

using namespace natlims::links;
using namespace natlims::testing;
using namespace std::chrono_literals;

namespace {

struct Ack {
  std::string code, controlId, text, errorCode;
};

Ack readAck(const std::string& text) {
  const auto parsed = Hl7Message::parse(text);
  INFO("ACK: " << text);
  REQUIRE(parsed.message);
  const auto& segments = parsed.message->segments();
  REQUIRE(segments.size() >= 2);
  REQUIRE(segments[1].name() == "MSA");
  Ack ack{segments[1].get(1), segments[1].get(2), segments[1].get(3), {}};
  if (segments.size() > 2 && segments[2].name() == "ERR") ack.errorCode = segments[2].get(3, 1);
  return ack;
}

}  // namespace

TEST_CASE("HL7 link: ORU^R01 is stored, then answered AA", "[links][hl7][tcp]") {
  LinkRig rig;
  MllpClient client("127.0.0.1", rig.hl7Port);
  const auto ack = readAck(client.exchange(oruR01()));
  CHECK(ack.code == "AA");
  CHECK(ack.controlId == "ORU-0001");
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].contentType == "application/json");
  CHECK(runs[0].authorization == "Bearer token-1");
  CHECK(runs[0].body ==
        R"({"format":"natlims-results-v1","source":"hl7","instrument":"CFX96","run_id":"ORU-0001","wells":[)"
        R"({"sample":")" + tube(11) + R"(","target":"ORF1ab","ct":33.4},)"
        R"({"sample":")" + tube(11) + R"(","target":"N","ct":32.05},)"
        R"({"sample":")" + tube(12) + R"(","target":"ORF1ab","ct":null},)"
        R"({"sample":")" + tube(12) + R"(","target":"N","ct":null}]})");
}

TEST_CASE("HL7 link: OUL^R22 is stored, then answered AA", "[links][hl7][tcp]") {
  LinkRig rig;
  MllpClient client("127.0.0.1", rig.hl7Port);
  const auto ack = readAck(client.exchange(oulR22()));
  CHECK(ack.code == "AA");
  CHECK(ack.controlId == "OUL-0001");
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].body.find(R"("well":"C7","sample":")" + tube(21) + R"(","target":"ORF1ab","dye":"FAM","ct":24.5)") !=
        std::string::npos);
}

TEST_CASE("HL7 link: the sender's own separators are used both ways", "[links][hl7][tcp]") {
  LinkRig rig;
  MllpClient client("127.0.0.1", rig.hl7Port);
  const std::string message = "MSH#$*@%#QS5#LAB#LIS#LAB#20261201##ORU$R01#SEP-1#P#2.3\r"
                              "OBR#1##" + tube(31) + "\r"
                              "OBX#1#NM#ORF1ab$ORF1ab Ct#1#29.9#cycles\r";
  const std::string ackText = client.exchange(message);
  CHECK(ackText.rfind("MSH#$*@%#LIS#LAB#QS5#LAB#", 0) == 0);
  const auto ack = readAck(ackText);
  CHECK(ack.code == "AA");
  CHECK(ack.controlId == "SEP-1");
  REQUIRE(rig.lims.runRequests().size() == 1);
  CHECK(rig.lims.runRequests()[0].body.find(R"("target":"ORF1ab","ct":29.9)") != std::string::npos);
}

TEST_CASE("HL7 link: malformed messages get AR and nothing is stored", "[links][hl7][tcp]") {
  LinkRig rig;
  MllpClient client("127.0.0.1", rig.hl7Port);
  SECTION("not HL7 at all") {
    const auto ack = readAck(client.exchange("hello instrument"));
    CHECK(ack.code == "AR");
    CHECK(ack.controlId.empty());
    CHECK(ack.text.find("does not start with an MSH segment") != std::string::npos);
    CHECK(ack.errorCode == "100");
  }
  SECTION("an unsupported message type") {
    std::string adt = oruR01();
    adt.replace(adt.find("ORU^R01^ORU_R01"), 15, "ADT^A01^ADT_A01");
    const auto ack = readAck(client.exchange(adt));
    CHECK(ack.code == "AR");
    CHECK(ack.controlId == "ORU-0001");
    CHECK(ack.errorCode == "200");
  }
  SECTION("a garbled segment") {
    const auto ack = readAck(client.exchange("MSH|^~\\&|A|B|C|D|20261201||ORU^R01|G-1|P|2.5.1\r\x01\x02garbage"));
    CHECK(ack.code == "AR");
    CHECK(ack.text.find("segment 2 has no valid segment name") != std::string::npos);
  }
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("HL7 link: MLLP framing errors", "[links][hl7][tcp]") {
  LinkRig rig;
  RawSocket s(rig.hl7Port);
  SECTION("bytes outside a block are ignored, the next message is served") {
    s.send("GET / HTTP/1.0\r\n\r\n" + mllpFrame(oruR01()));
    CHECK(readAck(s.readMllp()).code == "AA");
    CHECK(rig.log.contains("bytes outside an MLLP block ignored"));
  }
  SECTION("an end block without its CR is rejected with AR") {
    s.send("\x0B" + oruR01() + "\x1C" "X");
    const auto ack = readAck(s.readMllp());
    CHECK(ack.code == "AR");
    CHECK(ack.controlId == "ORU-0001");
    CHECK(ack.text.find("not followed by 0x0D") != std::string::npos);
    CHECK(rig.lims.runRequests().empty());
  }
  SECTION("a start block inside a message abandons the partial one") {
    s.send("\x0B" + oruR01("LOST-1").substr(0, 60) + mllpFrame(oruR01("KEPT-1")));
    const auto ack = readAck(s.readMllp());
    CHECK(ack.controlId == "KEPT-1");
    CHECK(s.silentFor(200ms));  // one answer only
    REQUIRE(rig.lims.runRequests().size() == 1);
    CHECK(rig.lims.runRequests()[0].body.find("KEPT-1") != std::string::npos);
  }
}

TEST_CASE("HL7 link: an oversized message is refused with AR", "[links][hl7][tcp]") {
  auto options = LinkRig::quickOptions();
  options.hl7.maxMessageBytes = 1024;
  LinkRig rig(options);
  RawSocket s(rig.hl7Port);
  std::string big = oruR01("BIG-1");
  while (big.size() < 4096) big += "NTE|1||padding padding padding padding\r";
  s.send(mllpFrame(big));
  const auto ack = readAck(s.readMllp());
  CHECK(ack.code == "AR");
  CHECK(ack.controlId == "BIG-1");
  CHECK(ack.text.find("larger than 1024 bytes") != std::string::npos);
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("HL7 link: a refusal by the server is answered AE with its reason", "[links][hl7][tcp]") {
  LinkRig rig;
  rig.lims.queueRunAnswers({{422, R"({"error":{"code":"unknown_tube","message":"tube is on no plate","field":"wells[0].sample"}})", {}}});
  MllpClient client("127.0.0.1", rig.hl7Port);
  const std::string ackText = client.exchange(oruR01());
  const auto ack = readAck(ackText);
  CHECK(ack.code == "AE");
  CHECK(ack.controlId == "ORU-0001");
  CHECK(ack.errorCode == "207");
  const auto parsed = Hl7Message::parse(ackText);
  CHECK(parsed.message->segments()[2].get(8) ==
        "refused by the LIMS: unknown_tube: tube is on no plate (field: wells[0].sample)");
}

TEST_CASE("HL7 link: content the gateway refuses is answered AE, without a POST", "[links][hl7][tcp]") {
  LinkRig rig;
  MllpClient client("127.0.0.1", rig.hl7Port);
  std::string message = oruR01();
  message.replace(message.find(tube(11)), tube(11).size(), "PR25A137");
  const auto ack = readAck(client.exchange(message));
  CHECK(ack.code == "AE");
  CHECK(ack.text.find("specimen (OBR-3): 'PR25A137'") != std::string::npos);
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("HL7 link: server unavailable is answered AR, the same message later AA", "[links][hl7][tcp]") {
  LinkRig rig;
  rig.lims.queueRunAnswers({{503, R"({"error":{"code":"unavailable","message":"maintenance"}})", {}}});
  MllpClient client("127.0.0.1", rig.hl7Port);
  const auto first = readAck(client.exchange(oruR01()));
  CHECK(first.code == "AR");
  CHECK(first.text.find("send again later") != std::string::npos);
  CHECK(readAck(client.exchange(oruR01())).code == "AA");
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].body == runs[1].body);
}

TEST_CASE("HL7 link: messages sent back to back are answered in order", "[links][hl7][tcp]") {
  LinkRig rig;
  RawSocket s(rig.hl7Port);
  s.send(mllpFrame(oruR01("A-1")) + mllpFrame(oulR22("A-2")) + mllpFrame(oruR01("A-3")));
  CHECK(readAck(s.readMllp()).controlId == "A-1");
  CHECK(readAck(s.readMllp()).controlId == "A-2");
  CHECK(readAck(s.readMllp()).controlId == "A-3");
  CHECK(rig.lims.runRequests().size() == 3);
}

TEST_CASE("HL7 link: a connection dropped in the middle of a message stores nothing", "[links][hl7][tcp]") {
  LinkRig rig;
  {
    RawSocket s(rig.hl7Port);
    s.send("\x0B" + oruR01().substr(0, 150));
    std::this_thread::sleep_for(50ms);
    s.close();
  }
  CHECK(rig.log.waitFor("the connection dropped in the middle of a message (150 bytes): nothing of it is stored"));
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("HL7 link: a message whose end never comes is discarded after the timeout", "[links][hl7][tcp]") {
  LinkRig rig;  // message timeout 300 ms
  RawSocket s(rig.hl7Port);
  s.send("\x0B" + oruR01("HALF-1").substr(0, 100));
  CHECK(rig.log.waitFor("incomplete message of 100 bytes discarded after 300 ms"));
  // The rest arriving late is outside any block; the next whole message is served.
  s.send(oruR01("HALF-1").substr(100) + "\x1C\x0D" + mllpFrame(oruR01("NEXT-1")));
  CHECK(readAck(s.readMllp()).controlId == "NEXT-1");
  REQUIRE(rig.lims.runRequests().size() == 1);
  CHECK(rig.lims.runRequests()[0].body.find("NEXT-1") != std::string::npos);
}
