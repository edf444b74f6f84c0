// The ASTM link over real TCP on loopback, driven byte by byte as an instrument does, with the
// gateway's real HTTP client posting to a fake server.

#include <catch2/catch.hpp>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "natlims/links/AstmFrame.h"
#include "natlims/links/AstmSender.h"
#include "support/LinkRig.h"
#include "support/RawSocket.h"
#include "support/TestData.h"

using namespace natlims::links;
using namespace natlims::testing;
using namespace std::chrono_literals;

namespace {

char talk(RawSocket& s, const std::string& bytes) {
  s.send(bytes);
  const auto reply = s.readByte();
  REQUIRE(reply.has_value());
  return *reply;
}

std::string badChecksum(std::string frame) {
  char& c = frame[frame.size() - 3];  // the second checksum digit
  c = c == '0' ? '1' : '0';
  return frame;
}

std::string badText(std::string frame) {
  frame[3] = frame[3] == 'X' ? 'Y' : 'X';  // a byte of the text changed, the checksum kept
  return frame;
}

void sendAll(RawSocket& s, const std::vector<std::string>& frames) {
  REQUIRE(talk(s, std::string(1, astm::kEnq)) == astm::kAck);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    INFO("frame " << i);
    REQUIRE(talk(s, frames[i]) == astm::kAck);
  }
  s.send(std::string(1, astm::kEot));
}

}  // namespace

TEST_CASE("ASTM link: a good session is acknowledged frame by frame and posted as one run", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(frames.size() == 18);
  sendAll(s, frames);
  // The last frame's ACK came only after the server answered: the run is there already.
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].uri == "/api/v1/runs");
  CHECK(runs[0].contentType == "application/json");
  CHECK(runs[0].authorization == "Bearer token-1");
  CHECK(runs[0].body == astmRunJson());
  CHECK(rig.log.waitFor("message QS7-RUN-0001 from QS7^QuantStudio 7^1.3 (8 results) stored as run run-1"));
}

TEST_CASE("ASTM link: frame numbers wrap from 7 to 0", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(frames[6][1] == '7');
  REQUIRE(frames[7][1] == '0');
  REQUIRE(frames[8][1] == '1');
  REQUIRE(frames[15][1] == '0');
  sendAll(s, frames);
  CHECK(rig.lims.runRequests().size() == 1);
}

TEST_CASE("ASTM link: a bad checksum is NAKed and the retransmission accepted", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(talk(s, "\x05") == astm::kAck);
  REQUIRE(talk(s, frames[0]) == astm::kAck);
  CHECK(talk(s, badChecksum(frames[1])) == astm::kNak);
  CHECK(talk(s, badText(frames[1])) == astm::kNak);
  CHECK(talk(s, frames[1]) == astm::kAck);
  for (std::size_t i = 2; i < frames.size(); ++i) REQUIRE(talk(s, frames[i]) == astm::kAck);
  s.send("\x04");
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].body == astmRunJson());
  CHECK(rig.log.contains("bad checksum"));
}

TEST_CASE("ASTM link: the seventh bad copy of a frame aborts the transfer, nothing is stored", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(talk(s, "\x05") == astm::kAck);
  REQUIRE(talk(s, frames[0]) == astm::kAck);
  for (int copy = 1; copy <= 7; ++copy) {
    INFO("bad copy " << copy);
    CHECK(talk(s, badChecksum(frames[1])) == astm::kNak);
  }
  CHECK(rig.log.contains("transfer aborted"));
  // The transfer is over: even a good copy is refused until the sender's EOT.
  CHECK(talk(s, frames[1]) == astm::kNak);
  s.send("\x04");
  // The link is usable again and the aborted message left nothing behind.
  sendAll(s, frames);
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].body == astmRunJson());
}

TEST_CASE("ASTM link: a frame out of sequence is NAKed, a duplicate ACKed and ignored", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(talk(s, "\x05") == astm::kAck);
  REQUIRE(talk(s, frames[0]) == astm::kAck);
  CHECK(talk(s, frames[2]) == astm::kNak);  // frame 3 where 2 is due
  REQUIRE(talk(s, frames[1]) == astm::kAck);
  CHECK(talk(s, frames[1]) == astm::kAck);  // our ACK was "lost": the sender repeats frame 2
  for (std::size_t i = 2; i < frames.size(); ++i) REQUIRE(talk(s, frames[i]) == astm::kAck);
  s.send("\x04");
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].body == astmRunJson());  // the repeated P record was not taken twice
}

TEST_CASE("ASTM link: long records continue in ETB frames", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun(), 16);
  std::size_t etb = 0;
  for (const auto& f : frames) etb += f[f.size() - 5] == astm::kEtb ? 1 : 0;
  REQUIRE(etb > 10);
  sendAll(s, frames);
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].body == astmRunJson());
}

TEST_CASE("ASTM link: a whole message in one oversized frame is accepted", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  std::string text;
  for (const auto& r : astmRun()) text += r + "\r";
  REQUIRE(text.size() > astm::kMaxFrameText);
  sendAll(s, {buildAstmFrame(1, text, true)});
  REQUIRE(rig.lims.runRequests().size() == 1);
  CHECK(rig.lims.runRequests()[0].body == astmRunJson());
}

TEST_CASE("ASTM link: a frame over the size limit is NAKed, a message over its limit aborts", "[links][astm][tcp]") {
  auto options = LinkRig::quickOptions();
  options.astm.maxFrameText = 100;
  options.astm.maxMessageBytes = 300;
  LinkRig rig(options);
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(talk(s, "\x05") == astm::kAck);
  CHECK(talk(s, buildAstmFrame(1, std::string(101, 'x') + "\r", true)) == astm::kNak);
  CHECK(rig.log.contains("frame text longer than 100 bytes"));
  REQUIRE(talk(s, frames[0]) == astm::kAck);
  bool aborted = false;
  for (std::size_t i = 1; i < frames.size() && !aborted; ++i) aborted = talk(s, frames[i]) == astm::kNak;
  CHECK(aborted);
  CHECK(rig.log.contains("transfer aborted: message larger than 300 bytes"));
  s.send("\x04");
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("ASTM link: records ended by CR LF inside the text are read the same", "[links][astm][tcp]") {
  LinkRig rig;
  rig.lims.queueRunAnswers({{503, {}, {}}});
  RawSocket s(rig.astmPort);
  std::string text;
  for (const auto& r : astmRun()) text += r + "\r\n";
  const std::string frame = buildAstmFrame(1, text, true);
  REQUIRE(talk(s, "\x05") == astm::kAck);
  CHECK(talk(s, frame) == astm::kNak);  // the server was unavailable: not acknowledged
  CHECK(talk(s, frame) == astm::kAck);
  REQUIRE(rig.lims.runRequests().size() == 2);
  CHECK(rig.lims.runRequests()[1].body == astmRunJson());
}

TEST_CASE("ASTM link: the delimiters of the H record are used, not the standard ones", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const std::vector<std::string> records{
      "H!~#$!CUST-1!!Bench#QS5!!!!!!P!LIS2-A2",
      "P!1",
      "O!1!" + tube(7) + "!#PLATE#D4!###SARS",
      "R!1!###ORF1ab#FAM!30.5!cycles",
      "R!2!###N$S$x#VIC!Undetermined",  // $S$: a component delimiter inside the target name
      "L!1!N",
  };
  sendAll(s, buildAstmFrames(records));
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].body ==
        R"({"format":"natlims-results-v1","source":"astm","instrument":"Bench^QS5","run_id":"CUST-1","wells":[)"
        R"({"well":"D4","sample":")" + tube(7) + R"(","target":"ORF1ab","dye":"FAM","ct":30.5},)"
        R"({"well":"D4","sample":")" + tube(7) + R"(","target":"N#x","dye":"VIC","ct":null}]})");
}

TEST_CASE("ASTM link: no L record and no EOT: the frame timeout discards the message", "[links][astm][tcp]") {
  LinkRig rig;  // frame timeout 300 ms
  RawSocket s(rig.astmPort);
  auto frames = buildAstmFrames(astmRun());
  const std::string last = frames.back();
  frames.pop_back();
  REQUIRE(talk(s, "\x05") == astm::kAck);
  for (const auto& f : frames) REQUIRE(talk(s, f) == astm::kAck);
  CHECK(rig.log.waitFor("incomplete message discarded (17 records, no L record): no frame for 300 ms"));
  // Neutral again: the late L frame is not part of any transfer, and nothing was stored.
  s.send(last);
  CHECK(s.silentFor(200ms));
  CHECK(rig.lims.runRequests().empty());
  CHECK(talk(s, "\x05") == astm::kAck);
}

TEST_CASE("ASTM link: a complete message is stored even when EOT never comes", "[links][astm][tcp]") {
  LinkRig rig;
  RawSocket s(rig.astmPort);
  REQUIRE(talk(s, "\x05") == astm::kAck);
  for (const auto& f : buildAstmFrames(astmRun())) REQUIRE(talk(s, f) == astm::kAck);
  CHECK(rig.lims.runRequests().size() == 1);  // stored at its L record, before the last ACK
  CHECK(rig.log.waitFor("frame timeout: link back to neutral"));
  CHECK(talk(s, "\x05") == astm::kAck);
}

TEST_CASE("ASTM link: a connection dropped in the middle of a message stores nothing", "[links][astm][tcp]") {
  LinkRig rig;
  {
    RawSocket s(rig.astmPort);
    const auto frames = buildAstmFrames(astmRun());
    REQUIRE(talk(s, "\x05") == astm::kAck);
    for (std::size_t i = 0; i < 10; ++i) REQUIRE(talk(s, frames[i]) == astm::kAck);
    s.send(frames[10].substr(0, 8));  // and half a frame
    s.close();
  }
  CHECK(rig.log.waitFor("incomplete message discarded (10 records, no L record): the connection closed"));
  CHECK(rig.log.waitFor("disconnected"));
  std::this_thread::sleep_for(100ms);
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("ASTM link: the last frame is acknowledged only after the server stored the run", "[links][astm][tcp]") {
  LinkRig rig;
  rig.lims.queueRunAnswers({{201, {}, 400ms}});
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(talk(s, "\x05") == astm::kAck);
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) REQUIRE(talk(s, frames[i]) == astm::kAck);
  const auto start = std::chrono::steady_clock::now();
  CHECK(talk(s, frames.back()) == astm::kAck);
  CHECK(std::chrono::steady_clock::now() - start >= 350ms);
  CHECK(rig.lims.runRequests().size() == 1);
}

TEST_CASE("ASTM link: server unavailable: the last frame is NAKed, its retransmission stored", "[links][astm][tcp]") {
  LinkRig rig;
  rig.lims.queueRunAnswers({{503, R"({"error":{"code":"unavailable","message":"store is busy"}})", {}}});
  RawSocket s(rig.astmPort);
  const auto frames = buildAstmFrames(astmRun());
  REQUIRE(talk(s, "\x05") == astm::kAck);
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) REQUIRE(talk(s, frames[i]) == astm::kAck);
  CHECK(talk(s, frames.back()) == astm::kNak);
  CHECK(rig.log.contains("not stored yet: server error 503: unavailable: store is busy"));
  CHECK(talk(s, frames.back()) == astm::kAck);
  s.send("\x04");
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].body == runs[1].body);  // the same document again: the server's idempotency holds
  CHECK(runs[1].body == astmRunJson());
}

TEST_CASE("ASTM link: a refusal by the server is acknowledged and logged clearly", "[links][astm][tcp]") {
  LinkRig rig;
  rig.lims.queueRunAnswers({{422,
                             R"({"error":{"code":"unknown_tube","message":"tube is on no plate","field":"wells[0].sample"}})",
                             {}}});
  RawSocket s(rig.astmPort);
  sendAll(s, buildAstmFrames(astmRun()));
  CHECK(rig.lims.runRequests().size() == 1);
  CHECK(rig.log.waitFor("REFUSED by the server (HTTP 422): unknown_tube: tube is on no plate (field: wells[0].sample)"));
}

TEST_CASE("ASTM link: a message the gateway cannot map is refused without a POST", "[links][astm][tcp]") {
  LinkRig rig;
  auto records = astmRun();
  records[2] = "O|1|PR25A137||^^^SARS-CoV-2";
  RawSocket s(rig.astmPort);
  sendAll(s, buildAstmFrames(records));
  CHECK(rig.log.waitFor("REFUSED, nothing stored: record 3 (O 1): specimen ID (O-3): 'PR25A137' is neither a tube code"));
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("ASTM link: several instruments at once", "[links][astm][tcp]") {
  LinkRig rig;
  std::vector<std::future<void>> senders;
  for (int i = 0; i < 4; ++i) {
    senders.push_back(std::async(std::launch::async, [&rig, i] {
      AstmSender sender("127.0.0.1", rig.astmPort);
      for (int m = 0; m < 3; ++m) {
        const auto result = sender.send(astmRun("I" + std::to_string(i) + "-M" + std::to_string(m)));
        if (!result.ok) throw std::runtime_error(result.error);
      }
    }));
  }
  for (auto& f : senders) REQUIRE_NOTHROW(f.get());
  CHECK(rig.lims.runRequests().size() == 12);
}

TEST_CASE("AstmSender: no answer to ENQ ends with EOT after the establishment timeout", "[links][astm][tcp]") {
  Poco::Net::ServerSocket silent;
  silent.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  silent.listen();
  AstmOptions options;
  options.establishmentTimeout = 200ms;
  AstmSender sender("127.0.0.1", silent.address().port(), options);
  auto pending = std::async(std::launch::async, [&] { return sender.send(astmRun()); });
  Poco::Net::StreamSocket peer = silent.acceptConnection();
  const auto result = pending.get();
  CHECK_FALSE(result.ok);
  CHECK(result.error == "no answer to ENQ within 200 ms");
  char got[2] = {};
  peer.setReceiveTimeout(Poco::Timespan(1, 0));
  int n = 0;
  while (n < 2) {
    const int r = peer.receiveBytes(got + n, 2 - n);
    REQUIRE(r > 0);
    n += r;
  }
  CHECK(got[0] == astm::kEnq);
  CHECK(got[1] == astm::kEot);
}

TEST_CASE("AstmSender: a frame NAKed seven times ends the transfer with EOT", "[links][astm][tcp]") {
  Poco::Net::ServerSocket refusing;
  refusing.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  refusing.listen();
  AstmSender sender("127.0.0.1", refusing.address().port());
  auto pending = std::async(std::launch::async, [&] { return sender.send(astmRun()); });
  Poco::Net::StreamSocket peer = refusing.acceptConnection();
  peer.setReceiveTimeout(Poco::Timespan(5, 0));
  std::string received;
  char buf[512];
  // ENQ -> ACK, then NAK every frame until EOT.
  while (received.find(astm::kEot) == std::string::npos) {
    const int n = peer.receiveBytes(buf, sizeof buf);
    REQUIRE(n > 0);
    for (int i = 0; i < n; ++i) {
      received.push_back(buf[i]);
      if (buf[i] == astm::kEnq) peer.sendBytes("\x06", 1);
      if (buf[i] == astm::kLf) peer.sendBytes("\x15", 1);
    }
  }
  const auto result = pending.get();
  CHECK_FALSE(result.ok);
  CHECK(result.error == "frame 1 refused (NAK) 7 times");
  CHECK(result.retransmissions == 6);
  const std::string frame1 = buildAstmFrames(astmRun()).front();
  std::size_t copies = 0;
  for (std::size_t pos = 0; (pos = received.find(frame1, pos)) != std::string::npos; pos += frame1.size()) ++copies;
  CHECK(copies == 7);
}
