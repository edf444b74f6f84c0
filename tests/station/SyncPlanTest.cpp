#include <catch2/catch.hpp>

#include "StationTestSupport.h"
#include "natlims/station/SyncPlan.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

namespace {

// A compact notation: "R1" registration in tube 1, "V1" undo in tube 1, "C1" close tube 1,
// "S9:1,2" seal box 9 with tubes 1 and 2, "H9" hand-over of box 9; "R1p5" / "V1p5": of person 5
// (otherwise each registration is a new person).
std::vector<JournalEntry> entries(const std::vector<std::string>& spec) {
  std::vector<JournalEntry> out;
  for (const auto& s : spec) {
    JournalEntry e;
    const char k = s[0];
    const std::string rest = s.substr(1);
    if (k == 'S') {
      e.kind = EntryKind::SealBox;
      e.box = boxCode(std::stoul(rest.substr(0, rest.find(':'))));
      std::string tubes = rest.substr(rest.find(':') + 1);
      for (std::size_t at = 0; at < tubes.size();) {
        auto comma = tubes.find(',', at);
        if (comma == std::string::npos) comma = tubes.size();
        e.tubes.push_back(tubeCode(std::stoul(tubes.substr(at, comma - at))));
        at = comma + 1;
      }
    } else if (k == 'H') {
      e.kind = EntryKind::Handover;
      e.box = boxCode(std::stoul(rest));
    } else {
      e.kind = k == 'R' ? EntryKind::Register : k == 'V' ? EntryKind::Void : EntryKind::CloseTube;
      e.tube = tubeCode(std::stoul(rest.substr(0, rest.find('p'))));
      if (k != 'C') {
        Person p;
        const auto at = rest.find('p');
        p.idNumber = residentId(at == std::string::npos ? 1000 + static_cast<unsigned>(out.size()) : std::stoul(rest.substr(at + 1)));
        e.person = p;
      }
    }
    e.seq = static_cast<std::int64_t>(out.size()) + 1;
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("a sync round keeps each tube's and box's order and lets the rest travel together", "[sync]") {
  struct Row {
    const char* label;
    std::vector<std::string> queued;
    std::vector<std::size_t> sendable;
  };
  const std::vector<Row> rows = {
      {"registrations of one tube go together, its close waits", {"R1", "R1", "R1", "C1"}, {0, 1, 2}},
      {"the close goes once they are answered", {"C1", "R2", "R2"}, {0, 1, 2}},
      {"the next tube's registrations do not wait for the previous close", {"R1", "C1", "R2", "R2", "C2", "R3"}, {0, 2, 3, 5}},
      {"an undo waits for the registrations before it, and those after it wait for it",
       {"R1", "R1", "V1", "R1", "R2"}, {0, 1, 4}},
      {"an undo alone goes alone on its tube", {"V1", "R1", "C1", "R2"}, {0, 3}},
      {"a seal waits for the close of every tube in it", {"C1", "C2", "S9:1,2", "H9"}, {0, 1}},
      {"a seal goes when its tubes are closed; the hand-over waits for it", {"S9:1,2", "H9", "R3"}, {0, 2}},
      {"the hand-over goes last", {"H9", "R3"}, {0, 1}},
      {"a held-back entry holds back what comes after it on the same tube", {"R1", "C1", "R1"}, {0}},
      {"a seal held back holds back its box and tubes", {"C1", "S9:1", "H9", "C2"}, {0, 3}},
      {"a person undone in one tube and registered in the next: the undo goes first",
       {"V1p5", "R2p5", "R2p6"}, {0, 2}},
      {"a re-swab of a person follows the first swab", {"R1p5", "R2p5"}, {0}},
  };
  for (const auto& row : rows) {
    INFO(row.label);
    CHECK(planSyncRound(entries(row.queued)) == row.sendable);
  }
  CHECK(planSyncRound({}).empty());
}
