#include <catch2/catch.hpp>

#include "StationTestSupport.h"
#include "natlims/station/Workflow.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

namespace {

// Drives a Workflow the way the program does: decide, "journal" (assign seqs), apply.
struct Driver {
  Workflow wf{10};
  std::int64_t nextSeq = 1;
  std::int64_t now = 1764547200000;
  std::vector<JournalEntry> journal;

  Outcome scan(const std::string& line) {
    now += 20000;
    Decision d = wf.decide(recognizeScan(line, std::nullopt), now);
    for (auto& e : d.entries) {
      e.seq = nextSeq++;
      d.outcome.seqs.push_back(e.seq);
      wf.apply(e);
      journal.push_back(e);
    }
    return d.outcome;
  }
  Workflow replay() const {
    Workflow w(10);
    for (const auto& e : journal) w.apply(e);
    return w;
  }
  std::vector<EntryKind> kinds() const {
    std::vector<EntryKind> out;
    for (const auto& e : journal) out.push_back(e.kind);
    return out;
  }
};

}  // namespace

TEST_CASE("a tube opens on scan, fills to the pool size and closes itself", "[workflow]") {
  Driver d;
  const std::string tube = tubeCode(1);
  CHECK(d.scan(tube).code == "tube_opened");
  for (int i = 0; i < 9; ++i) {
    const Outcome o = d.scan(residentId(i));
    CHECK(o.code == "registered");
    CHECK(o.count == i + 1);
  }
  const Outcome last = d.scan(residentId(9));
  CHECK(last.code == "registered_tube_closed");
  CHECK(last.count == 10);
  CHECK_FALSE(d.wf.openTube());
  CHECK(d.wf.totals().tubesClosed == 1);
  CHECK(d.journal.back().kind == EntryKind::CloseTube);
  CHECK(d.journal.back().count == 10);
  CHECK(d.journal.back().state == EntryState::Queued);
  // The next person needs a new tube; the closed tube cannot be reopened.
  CHECK(d.scan(residentId(10)).code == "need_tube");
  CHECK(d.scan(tube).code == "tube_used");
  const Outcome reopened = d.scan(tubeCode(2));
  CHECK(reopened.code == "registered");  // the waiting person goes into the new tube
  CHECK(reopened.count == 1);
}

TEST_CASE("close early records the count and an empty tube is set aside locally", "[workflow]") {
  Driver d;
  d.scan(tubeCode(1));
  d.scan(residentId(1));
  d.scan(residentId(2));
  const Outcome o = d.scan("close");
  CHECK(o.code == "tube_closed");
  CHECK(d.journal.back().count == 2);
  d.scan(tubeCode(2));
  CHECK(d.scan("close").code == "tube_set_aside");
  CHECK(d.journal.back().state == EntryState::Local);
  CHECK(d.wf.totals().tubesClosed == 1);
  CHECK(d.scan("close").code == "no_open_tube");
}

TEST_CASE("undo removes the last registration of the open tube only", "[workflow]") {
  Driver d;
  d.scan(tubeCode(1));
  d.scan(residentId(1));
  const Outcome second = d.scan(residentId(2));
  const Outcome undo = d.scan("undo");
  CHECK(undo.code == "undone");
  CHECK(undo.count == 1);
  CHECK(d.journal.back().kind == EntryKind::Void);
  CHECK(d.journal.back().ref == second.seqs.front());
  CHECK(d.wf.openTube()->count == 1);
  // The undone person may be scanned again.
  CHECK(d.scan(residentId(2)).code == "registered");
  d.scan("close");
  CHECK(d.scan("undo").code == "nothing_to_undo");
  CHECK(d.wf.totals().undone == 1);
  CHECK(d.wf.totals().people == 2);
}

TEST_CASE("a person already registered is refused with the reason", "[workflow]") {
  Driver d;
  d.scan(tubeCode(1));
  d.scan(residentId(1));
  const std::size_t before = d.journal.size();
  const Outcome dup = d.scan(residentId(1) + " 张三");
  CHECK(dup.status == Outcome::Status::Refused);
  CHECK(dup.code == "duplicate");
  CHECK(dup.message.find("already registered") != std::string::npos);
  CHECK(dup.message.find(residentId(1)) == std::string::npos);
  CHECK(d.journal.size() == before);
  // A deliberate re-swab goes through, marked as such.
  d.scan("resample");
  const Outcome again = d.scan(residentId(1));
  CHECK(again.code == "registered");
  CHECK(d.journal.back().resample);
}

TEST_CASE("a refusal by the server frees the person and the place in the tube", "[workflow]") {
  Driver d;
  d.scan(tubeCode(1));
  const Outcome o = d.scan(residentId(1));
  JournalEntry answered = d.journal.at(1);
  answered.state = EntryState::Refused;
  answered.errorCode = "already_registered";
  d.wf.applyAnswer(answered);
  CHECK(d.wf.openTube()->count == 0);
  CHECK(d.wf.totals().refusedByServer == 1);
  CHECK(d.scan(residentId(1)).code == "registered");
  CHECK(o.seqs.size() == 1);
}

TEST_CASE("invalid scans are refused and journal nothing", "[workflow]") {
  Driver d;
  d.scan(tubeCode(1));
  for (const std::string& line : {badCheckId(3), withBadCheck(tubeCode(4)), std::string("hello"),
                                  std::string("110105194913310023")}) {
    INFO(line);
    const Outcome o = d.scan(line);
    CHECK(o.status == Outcome::Status::Refused);
  }
  CHECK(d.journal.size() == 1);
}

TEST_CASE("packing: a box, closed tubes, seal with the count, hand over to a courier", "[workflow]") {
  Driver d;
  for (int t = 1; t <= 3; ++t) {
    d.scan(tubeCode(t));
    d.scan(residentId(t));
    d.scan("close");
  }
  d.scan(tubeCode(4));
  d.scan(residentId(4));  // tube 4 stays open
  CHECK(d.scan("seal").code == "no_open_box");
  CHECK(d.scan("pack").code == "need_box");
  CHECK(d.scan(boxCode(1)).code == "box_opened");
  CHECK(d.scan("seal").code == "box_empty");
  CHECK(d.scan(tubeCode(1)).code == "tube_packed");
  CHECK(d.scan(tubeCode(1)).code == "tube_already_packed");
  CHECK(d.journal.back().kind == EntryKind::PackTube);
  CHECK(d.scan(tubeCode(4)).code == "tube_open");
  CHECK(d.scan(tubeCode(2)).status == Outcome::Status::Done);
  CHECK(d.scan(tubeCode(3)).status == Outcome::Status::Done);
  CHECK(d.scan(courierCode(1)).code == "box_not_sealed");
  CHECK(d.scan(boxCode(2)).code == "box_open");
  // People can still be registered into the open tube while packing.
  CHECK(d.scan(residentId(5)).code == "registered");
  const Outcome sealed = d.scan("seal");
  CHECK(sealed.code == "box_sealed");
  CHECK(sealed.count == 3);
  CHECK(d.journal.back().tubes == std::vector<std::string>{tubeCode(1), tubeCode(2), tubeCode(3)});
  CHECK(d.scan("handover").code == "need_courier");
  const Outcome handed = d.scan(courierCode(1));
  CHECK(handed.code == "handed_over");
  CHECK(d.journal.back().courier == courierCode(1));
  CHECK(d.journal.back().box == boxCode(1));
  CHECK(d.scan(courierCode(1)).code == "nothing_to_hand_over");
  CHECK(d.scan(boxCode(1)).code == "box_sealed");
}

TEST_CASE("replaying the journal gives back the same state", "[workflow]") {
  Driver d;
  d.scan(tubeCode(1));
  for (int i = 0; i < 10; ++i) d.scan(residentId(i));
  d.scan(tubeCode(2));
  d.scan(residentId(20));
  d.scan(residentId(21));
  d.scan("undo");
  d.scan(boxCode(1));
  d.scan(tubeCode(1));
  const Workflow w = d.replay();
  REQUIRE(w.openTube());
  CHECK(w.openTube()->code == tubeCode(2));
  CHECK(w.openTube()->count == 1);
  REQUIRE(w.openBox());
  CHECK(w.openBox()->tubes == std::vector<std::string>{tubeCode(1)});
  CHECK(w.totals().people == d.wf.totals().people);
  CHECK(w.totals().people == 11);
  CHECK(w.totals().undone == 1);
  // The replayed station still refuses duplicates.
  Driver again;
  again.wf = w;
  CHECK(again.scan(residentId(5)).code == "duplicate");
}

TEST_CASE("people per hour", "[workflow]") {
  Driver d;
  d.scan(tubeCode(1));
  const std::int64_t start = d.now;
  for (int i = 0; i < 9; ++i) d.scan(residentId(i));  // one every 20 s
  // 9 people in 3 minutes, but the span counts as at least 5 minutes: 108/h.
  CHECK(d.wf.peoplePerHour(d.now) == Approx(9 * 12.0));
  CHECK(d.wf.peoplePerHour(start + 3 * 3600 * 1000) == 0.0);
}
