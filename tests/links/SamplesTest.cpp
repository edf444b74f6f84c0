// The links against the public captures in ../shared/fixtures/instruments (label `samples`):
// astm/derived and hl7/derived (framing, checksums, a whole session), and the stored senaite
// captures. Skipped when the folder is absent; nothing of it is copied into this repository.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "natlims/links/AstmFrame.h"
#include "natlims/links/AstmMessage.h"
#include "natlims/links/AstmResultMapper.h"
#include "natlims/links/Hl7Message.h"
#include "natlims/links/MllpFramer.h"
#include "support/LinkRig.h"
#include "support/RawSocket.h"
#include "support/TestData.h"

using namespace natlims::links;
using namespace natlims::testing;
namespace fs = std::filesystem;

namespace {

fs::path fixtures() {
  const fs::path folder = fs::path(NATLIMS_SOURCE_DIR) / ".." / "shared" / "fixtures" / "instruments";
  return fs::is_directory(folder) ? folder : fs::path();
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Splits a sender-side byte stream into what an instrument sends one at a time: ENQ, each frame
// (STX up to the next STX or EOT, trailer included), EOT.
std::vector<std::string> senderUnits(const std::string& bytes) {
  std::vector<std::string> units;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const char c = bytes[i];
    if (c == astm::kEnq || c == astm::kEot) {
      units.emplace_back(1, c);
      ++i;
    } else if (c == astm::kStx) {
      const auto next = bytes.find_first_of(std::string{astm::kStx, astm::kEot}, i + 1);
      const auto end = next == std::string::npos ? bytes.size() : next;
      units.push_back(bytes.substr(i, end - i));
      i = end;
    } else {
      ++i;
    }
  }
  return units;
}

// The frame's FN..ETX/ETB and the checksum it carries.
bool checksumMatches(const std::string& frame) {
  const auto end = frame.find_first_of(std::string{astm::kEtx, astm::kEtb});
  if (end == std::string::npos || end + 2 >= frame.size() + 0) return false;
  return astmChecksum(frame.substr(1, end)) == frame.substr(end + 1, 2);
}

#define REQUIRE_FIXTURES(dir)                                            \
  const fs::path dir = fixtures();                                       \
  if (dir.empty()) {                                                     \
    WARN("fixture folder absent: ../shared/fixtures/instruments skipped"); \
    return;                                                              \
  }

}  // namespace

TEST_CASE("samples: every derived GeneXpert frame carries a correct checksum", "[links][samples]") {
  REQUIRE_FIXTURES(dir);
  const auto units = senderUnits(slurp(dir / "astm/derived/genexpert_e1381_frames.bin"));
  REQUIRE(units.size() == 91);
  for (std::size_t i = 0; i < units.size(); ++i) {
    INFO("frame " << i);
    CHECK(units[i][1] == static_cast<char>('0' + (i + 1) % 8));
    CHECK(checksumMatches(units[i]));
  }
}

TEST_CASE("samples: the derived GeneXpert session over TCP: every frame ACKed, the message mapped", "[links][samples]") {
  REQUIRE_FIXTURES(dir);
  LinkRig rig;
  RawSocket s(rig.astmPort);
  const auto units = senderUnits(slurp(dir / "astm/derived/genexpert_e1381_session_sender_side.bin"));
  REQUIRE(units.size() == 93);  // ENQ, 91 frames, EOT
  for (std::size_t i = 0; i + 1 < units.size(); ++i) {
    INFO("unit " << i);
    s.send(units[i]);
    const auto reply = s.readByte();
    REQUIRE(reply.has_value());
    CHECK(*reply == astm::kAck);
  }
  s.send(units.back());
  // Its specimen ID is a hospital's, not a natlims tube code: refused with the reason, not posted.
  CHECK(rig.log.waitFor("message URM-8lT4abZA-06 from .806149 Happy Hospital^GeneXpert^4.8 REFUSED, nothing stored: "
                        "record 3 (O 1): specimen ID (O-3): 'PR25A137' is neither a tube code"));
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("samples: the GeneXpert message mapped with a tube code in place of its specimen ID", "[links][samples]") {
  REQUIRE_FIXTURES(dir);
  std::string text;
  for (const auto& unit : senderUnits(slurp(dir / "astm/derived/genexpert_e1381_frames.bin"))) {
    const auto end = unit.find_first_of(std::string{astm::kEtx, astm::kEtb});
    text += unit.substr(2, end - 2);
  }
  std::vector<std::string> records;
  std::size_t start = 0;
  for (std::size_t cr; (cr = text.find('\r', start)) != std::string::npos; start = cr + 1) {
    records.push_back(text.substr(start, cr - start));
  }
  REQUIRE(records.size() == 91);
  std::size_t ctRecords = 0;
  for (auto& r : records) {
    if (r.rfind("O|", 0) == 0) r.replace(r.find("PR25A137"), 8, tube(99));
    if (r.rfind("R|", 0) == 0 && r.find("^Ct|") != std::string::npos) ++ctRecords;
  }
  const auto parsed = parseAstmMessage(records);
  REQUIRE(parsed.message);
  CHECK(parsed.message->delimiters.repeat == '@');
  CHECK(parsed.message->delimiters.escape == '\\');
  const auto mapped = mapAstmMessage(*parsed.message);
  // The same analytes come again under three host tests (MTB, Trace, RIF): each repeat is
  // reported, never dropped or merged silently.
  REQUIRE_FALSE(mapped.problems.empty());
  CHECK(mapped.problems.front().find("a second result for sample " + tube(99) + " target rpoB1") != std::string::npos);
  CHECK(mapped.run.wells.size() + mapped.problems.size() == ctRecords);
  CHECK(mapped.run.wells[0].target == "rpoB1");
  CHECK_FALSE(mapped.run.wells[0].ct.has_value());  // "^0.0": no Ct
  bool spc = false;
  for (const auto& w : mapped.run.wells) {
    if (w.target == "SPC") {
      spc = true;
      REQUIRE(w.ct.has_value());
      CHECK(*w.ct == Approx(24.7));
    }
  }
  CHECK(spc);
}

TEST_CASE("samples: the stored senaite captures are framed and checked without a NAK", "[links][samples]") {
  REQUIRE_FIXTURES(dir);
  LinkRig rig;
  for (const char* name : {"senaite_abbott_afinion2.txt", "senaite_cobas_c111.txt", "senaite_cobas_c311.txt",
                           "senaite_genexpert.txt", "senaite_pentra_xlr.txt", "senaite_sysmex_xn550.txt"}) {
    INFO(name);
    RawSocket s(rig.astmPort);
    s.send("\x05");
    REQUIRE(s.readByte() == astm::kAck);
    const auto frames = senderUnits(slurp(dir / "astm" / name));
    REQUIRE_FALSE(frames.empty());
    for (const auto& frame : frames) {
      s.send(frame);
      CHECK(s.readByte() == astm::kAck);
    }
    s.send("\x04");
  }
  // None of them is a PCR run of natlims tubes: each is refused with a reason, none posted.
  CHECK(rig.log.waitFor("from c311^1 REFUSED"));
  std::size_t refused = 0;
  for (const auto& line : rig.log.lines()) refused += line.find("REFUSED, nothing stored") != std::string::npos ? 1 : 0;
  CHECK(refused == 6);
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("samples: the derived MLLP capture is framed, parsed and answered", "[links][samples]") {
  REQUIRE_FIXTURES(dir);
  const std::string bytes = slurp(dir / "hl7/derived/LP-covid-19.mllp.bin");
  MllpFramer framer(1 << 20);
  std::vector<MllpEvent> events;
  framer.feed(bytes, events);
  REQUIRE(events.size() == 1);
  REQUIRE(events[0].kind == MllpEvent::Kind::Message);
  const auto parsed = Hl7Message::parse(events[0].text);
  REQUIRE(parsed.message);
  CHECK(parsed.message->msh().get(9, 1) == "ORU");
  const std::string controlId = parsed.message->msh().get(10);
  CHECK(controlId == "661286610600946-5ff18d7a-f32b-43b2-b814-590b8844fab3");

  // The hand-written ACK beside it reads as an AA for that message.
  std::vector<MllpEvent> ackEvents;
  MllpFramer ackFramer(1 << 20);
  ackFramer.feed(slurp(dir / "hl7/derived/LP-covid-19.ack.mllp.bin"), ackEvents);
  REQUIRE(ackEvents.size() == 1);
  const auto ack = Hl7Message::parse(ackEvents[0].text);
  REQUIRE(ack.message);
  CHECK(ack.message->segments()[1].get(1) == "AA");
  CHECK(ack.message->segments()[1].get(2) == controlId);

  // Over TCP: an antigen test (a qualitative call, no Ct): AE saying so.
  LinkRig rig;
  RawSocket s(rig.hl7Port);
  s.send(bytes);
  const auto answer = Hl7Message::parse(s.readMllp());
  REQUIRE(answer.message);
  const auto& msa = answer.message->segments()[1];
  CHECK(msa.get(1) == "AE");
  CHECK(msa.get(2) == controlId);
  CHECK(answer.message->segments()[2].get(8) == "the message carries no Ct results (1 other observations)");
  CHECK(rig.lims.runRequests().empty());
}
