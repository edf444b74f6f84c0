#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "ProcessSupport.h"
#include "StationTestSupport.h"
#include "natlims/station/Journal.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

namespace {

JournalEntry registration(const std::string& tube, unsigned n) {
  JournalEntry e;
  e.kind = EntryKind::Register;
  e.state = EntryState::Queued;
  e.at = 1764547200000 + n;
  e.tube = tube;
  Person p;
  p.idNumber = residentId(n);
  p.name = "张三";
  p.phone = "13800138000";
  e.person = p;
  return e;
}

}  // namespace

TEST_CASE("the journal keeps every field of every entry across a reopen", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("j.journal");
  std::vector<JournalEntry> written;
  {
    Journal j(path);
    JournalEntry open;
    open.kind = EntryKind::OpenTube;
    open.state = EntryState::Local;
    open.tube = tubeCode(1);
    JournalEntry seal;
    seal.kind = EntryKind::SealBox;
    seal.box = boxCode(1);
    seal.tubes = {tubeCode(1), tubeCode(2)};
    seal.count = 2;
    JournalEntry handover;
    handover.kind = EntryKind::Handover;
    handover.box = boxCode(1);
    handover.courier = courierCode(1);
    JournalEntry reg = registration(tubeCode(1), 7);
    reg.resample = true;
    reg.reason = "re-swab";
    reg.person->preRegistered = true;
    written = {open, reg, seal, handover};
    j.append(written, {{"script_progress:x", "4"}});
    CHECK(written[0].seq == 1);
    CHECK(written[3].seq == 4);
  }
  Journal j(path);
  const auto all = j.all();
  REQUIRE(all.size() == 4);
  CHECK(all[0].kind == EntryKind::OpenTube);
  CHECK(all[0].state == EntryState::Local);
  REQUIRE(all[1].person);
  CHECK(all[1].person->idNumber == residentId(7));
  CHECK(all[1].person->name == "张三");
  CHECK(all[1].person->phone == "13800138000");
  CHECK(all[1].person->preRegistered);
  CHECK(all[1].resample);
  CHECK(all[1].reason == "re-swab");
  CHECK(all[2].tubes == std::vector<std::string>{tubeCode(1), tubeCode(2)});
  CHECK(all[2].count == 2);
  CHECK(all[3].courier == courierCode(1));
  CHECK(j.meta("script_progress:x") == std::optional<std::string>("4"));
  CHECK(j.meta("missing") == std::nullopt);
}

TEST_CASE("queued entries come in order and answers move the counts", "[journal]") {
  TempDir dir;
  Journal j(dir.file("j.journal"));
  std::vector<JournalEntry> entries;
  for (unsigned i = 0; i < 5; ++i) entries.push_back(registration(tubeCode(1), i));
  JournalEntry open;
  open.kind = EntryKind::OpenTube;
  open.state = EntryState::Local;
  entries.insert(entries.begin(), open);
  j.append(entries);
  CHECK(j.counts().queued == 5);
  auto queued = j.queued(3);
  REQUIRE(queued.size() == 3);
  CHECK(queued[0].seq == 2);
  CHECK(queued[2].seq == 4);
  queued[0].state = EntryState::Sent;
  queued[0].serverId = "77";
  queued[1].state = EntryState::Refused;
  queued[1].errorCode = "already_registered";
  queued[1].errorField = "id_number";
  j.recordAnswers({queued[0], queued[1]});
  const JournalCounts c = j.counts();
  CHECK(c.queued == 3);
  CHECK(c.sent == 1);
  CHECK(c.refused == 1);
  CHECK(j.queued(10).front().seq == 4);
  CHECK(j.find(2)->serverId == "77");
  CHECK(j.find(3)->errorCode == "already_registered");
  CHECK(j.find(3)->errorField == "id_number");
  // Counts are rebuilt from the file on reopen.
  const std::string path = j.path();
  Journal again(path);
  CHECK(again.counts().queued == 3);
  CHECK(again.counts().sent == 1);
  CHECK(again.counts().refused == 1);
}

TEST_CASE("the journal file is private and in WAL mode", "[journal]") {
  TempDir dir;
  const std::string path = dir.file("j.journal");
  {
    Journal j(path);
    std::vector<JournalEntry> e = {registration(tubeCode(1), 1)};
    j.append(e);
  }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // The WAL header: a WAL-mode database says so in bytes 18 and 19 of its header (both 2).
  const std::string head = readFile(path).substr(0, 20);
  CHECK(head[18] == 2);
  CHECK(head[19] == 2);
}

TEST_CASE("a journal that cannot be opened is an error naming the file", "[journal]") {
  TempDir dir;
  try {
    Journal j(dir.file("no-such-folder/j.journal"));
    FAIL("opened");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("no-such-folder") != std::string::npos);
  }
}
