// Scripted sessions of the real sampling-station program against a real lims-server on loopback.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "LimsServerFixture.h"
#include "StationSessionSupport.h"
#include "StationTestSupport.h"
#include "natlims/domain/PreRegistration.h"
#include "natlims/station/Journal.h"
#include "natlims/station/Station.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

TEST_CASE("a full 10-person tube closes itself and the server holds exactly those 10", "[station][integration]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  std::vector<std::string> script = {tube};
  for (unsigned i = 0; i < 10; ++i) script.push_back(person(i));
  script.push_back(person(10));  // no tube open any more
  auto p = s.runScript(script);
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.code(1) == "tube_opened");
  for (int line = 2; line <= 10; ++line) {
    INFO("line " << line);
    CHECK(out.code(line) == "registered");
    CHECK(out.byLine.at(line)->getValue<int>("count") == line - 1);
  }
  CHECK(out.code(11) == "registered_tube_closed");
  CHECK(out.code(12) == "need_tube");
  int count = 0;
  CHECK(s.server.closeTube(tube, &count) == "closed");
  CHECK(count == 10);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{10, 10});
  // No identity number in the output, only masked ones.
  CHECK(p->output().find(residentId(3)) == std::string::npos);
  CHECK(p->output().find("1101**********") != std::string::npos);
}

TEST_CASE("closing early records the count, and the next person waits for a new tube", "[station][integration]") {
  Session s;
  const auto tubes = s.server.tubeCodes(2);
  auto p = s.runScript({tubes[0], person(1), person(2), person(3), "close", person(4), tubes[1], "close"});
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.code(5) == "tube_closed");
  CHECK(out.byLine.at(5)->getValue<int>("count") == 3);
  CHECK(out.code(6) == "need_tube");
  CHECK(out.code(7) == "registered");  // the waiting person goes into the new tube
  int count = 0;
  CHECK(s.server.closeTube(tubes[0], &count) == "closed");
  CHECK(count == 3);
  CHECK(s.server.closeTube(tubes[1], &count) == "closed");
  CHECK(count == 1);
}

TEST_CASE("undo takes the last registration back at the server too", "[station][integration]") {
  Session s;
  const auto tubes = s.server.tubeCodes(2);
  auto p = s.runScript({tubes[0], person(1), person(2), person(3), "undo", person(4), "close",
                        tubes[1], person(3), "close", "undo"});
  const int status = p->wait(std::chrono::seconds(60));
  INFO(p->output());
  REQUIRE(status == 0);
  const Output out(*p);
  CHECK(out.code(5) == "undone");
  CHECK(out.byLine.at(5)->getValue<int>("count") == 2);
  CHECK(out.code(9) == "registered");   // the person undone may be registered again
  CHECK(out.code(11) == "nothing_to_undo");  // a closed tube cannot be undone
  int count = 0;
  CHECK(s.server.closeTube(tubes[0], &count) == "closed");
  CHECK(count == 3);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{4, 4});
}

TEST_CASE("duplicates are refused: at once when this station saw them, by the server when another did",
          "[station][integration]") {
  Session s;
  const auto tubes = s.server.tubeCodes(2);
  auto first = s.runScript({tubes[0], person(1), person(2), person(1), "close"});
  REQUIRE(first->wait(std::chrono::seconds(60)) == 0);
  const Output a(*first);
  CHECK(a.code(4) == "duplicate");
  CHECK(a.byLine.at(4)->getValue<std::string>("status") == "refused");

  // Another table registers person 1 again: accepted locally (it cannot know), refused by the
  // server, reported with what to do, and the run exits non-zero.
  auto second = s.runScript({tubes[1], person(1), person(3), "close"}, "s2.journal", "S2", LimsServer::kSampler2);
  CHECK(second->wait(std::chrono::seconds(60)) == 1);
  const Output b(*second);
  CHECK(b.code(2) == "registered");
  const auto refused = b.eventsNamed("refused");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0]->getValue<std::string>("code") == "already_registered");
  CHECK(refused[0]->getValue<std::string>("advice").find("already registered") != std::string::npos);
  CHECK(refused[0]->getValue<std::string>("message").find(residentId(1)) == std::string::npos);
  CHECK(b.done()->getValue<int>("refused") == 1);
  int count = 0;
  CHECK(s.server.closeTube(tubes[1], &count) == "closed");
  CHECK(count == 1);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{3, 3});
}

TEST_CASE("invalid IDs, bad check characters and garbage are refused and nothing is sent for them",
          "[station][integration]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  auto p = s.runScript({tube, person(1), badCheckId(2), "110105199013310021 张三", withBadCheck(tube),
                        withBadCheck(s.server.tubeCodes(1).at(0)), "not a code", person(2), "close"});
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.code(3) == "invalid_id");
  CHECK(out.code(4) == "invalid_id");
  CHECK(out.code(5) == "bad_check_character");
  CHECK(out.code(6) == "bad_check_character");
  CHECK(out.code(7) == "unrecognised");
  CHECK(out.code(8) == "registered");
  CHECK(out.byLine.at(8)->getValue<int>("count") == 2);
  for (int line : {3, 4, 5, 6, 7}) CHECK_FALSE(out.byLine.at(line)->has("seq"));
  int count = 0;
  CHECK(s.server.closeTube(tube, &count) == "closed");
  CHECK(count == 2);
}

TEST_CASE("pre-registration codes: genuine ones register the person, forged or altered ones are refused offline",
          "[station][integration]") {
  Session s;
  const auto serverKey = domain::generateEd25519PrivateKey();
  const auto forgerKey = domain::generateEd25519PrivateKey();
  domain::PreRegistration reg;
  reg.idNumber = residentId(40);
  reg.name = "预登记";
  reg.phone = "13800138000";
  reg.issuedAt = 1764547200;
  const std::string genuine = domain::signPreRegistration(reg, serverKey);
  domain::PreRegistration other = reg;
  other.idNumber = residentId(41);
  const std::string forged = domain::signPreRegistration(other, forgerKey);
  std::string altered = domain::signPreRegistration(other, serverKey);
  altered[20] = altered[20] == 'A' ? 'B' : 'A';

  const auto tube = s.server.tubeCodes(1).at(0);
  auto p = s.runScript({tube, genuine, forged, altered, genuine, "close"}, "s1.journal", "S1", LimsServer::kSampler,
                       {"--prereg-key", domain::toBase64(domain::ed25519PublicKeyOf(serverKey))});
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.code(2) == "registered");
  CHECK(out.code(3) == "forged_code");
  CHECK(out.code(4) == "forged_code");
  CHECK(out.code(5) == "duplicate");
  int count = 0;
  CHECK(s.server.closeTube(tube, &count) == "closed");
  CHECK(count == 1);
}

TEST_CASE("kill -9 in mid-session, then a restart with the same journal: every scan is uploaded exactly once",
          "[station][integration]") {
  Session s;
  const auto tubes = s.server.tubeCodes(12);
  std::vector<std::string> script;
  unsigned n = 100;
  for (const auto& t : tubes) {
    script.push_back(t);
    for (int i = 0; i < 10; ++i) script.push_back(person(n++));
  }
  const std::string path = s.writeScript("long.script", script);
  auto first = s.start({"--script", path});
  REQUIRE(first->waitForLines(60, std::chrono::seconds(30)));
  first->signal(SIGKILL);
  CHECK(first->wait(std::chrono::seconds(10)) == 128 + SIGKILL);
  const std::size_t before = first->lines().size();
  CHECK(before < script.size());

  auto second = s.start({"--script", path});
  REQUIRE(second->wait(std::chrono::seconds(60)) == 0);
  const Output out(*second);
  REQUIRE_FALSE(out.eventsNamed("resumed").empty());
  const auto after = out.eventsNamed("resumed")[0]->getValue<std::int64_t>("after_line");
  CHECK(after >= 59);  // at least what was acknowledged before the kill
  CHECK(out.byLine.count(after) == 0);
  CHECK(out.byLine.count(after + 1) == 1);
  CHECK(out.done()->getValue<int>("people") == 120);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{120, 120});
  for (const auto& t : tubes) {
    int count = 0;
    CHECK(s.server.closeTube(t, &count) == "closed");
    CHECK(count == 10);
  }
  // A third start finds nothing left to do.
  auto third = s.start({"--script", path});
  REQUIRE(third->wait(std::chrono::seconds(30)) == 0);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{120, 120});
}

TEST_CASE("with the server down the station keeps journaling and retrying, and when it returns everything arrives once",
          "[station][integration]") {
  Session s;
  const auto tubes = s.server.tubeCodes(4);
  s.server.stop();
  std::vector<std::string> script;
  unsigned n = 200;
  for (const auto& t : tubes) {
    script.push_back(t);
    for (int i = 0; i < 10; ++i) script.push_back(person(n++));
  }
  auto p = s.runScript(script);
  // Every scan is acknowledged at once although nothing can be sent.
  REQUIRE(p->waitForLines(script.size(), std::chrono::seconds(10)));
  REQUIRE(p->waitForOutput("\"event\":\"offline\"", std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  CHECK(p->running());  // still retrying
  s.server.start();
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.done()->getValue<int>("sent") == 44);  // 40 registrations and 4 closes
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{40, 40});
}

TEST_CASE("a simulated 2-hour shift of 300 people with the server restarted twice uploads everything",
          "[station][integration]") {
  Session s;
  auto p = s.start({"--simulate", "150", "--people", "300", "--speed", "720", "--seed", "7"});
  std::this_thread::sleep_for(std::chrono::seconds(3));
  s.server.stop(SIGKILL);  // a crash
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  s.server.start();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  s.server.stop(SIGTERM);  // a planned restart
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  s.server.start();
  const int status = p->wait(std::chrono::seconds(120));
  INFO(p->errors());
  REQUIRE(status == 0);
  const Output out(*p);
  const auto done = out.done();
  REQUIRE(done);
  const auto people = done->getValue<std::int64_t>("people");
  CHECK(people >= 290);  // 300 scanned; the rare person scanned twice is refused once by the station
  CHECK(people <= 300);
  CHECK(done->getValue<int>("refused") == 0);
  CHECK(done->getValue<int>("boxes_sealed") >= 6);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{people, people});
}

TEST_CASE("packing: closed tubes into a box, sealed with the count, handed over to a courier with the time",
          "[station][integration]") {
  Session s;
  const auto tubes = s.server.tubeCodes(3);
  const auto boxes = s.server.boxCodes(2);
  const auto& box = boxes[0];
  const std::string courier = courierCode(4242);
  auto p = s.runScript({tubes[0], person(1), person(2), "close", tubes[1], person(3), "close", tubes[2], person(4),
                        box, tubes[0], tubes[1], tubes[2], "seal", "handover", courier, "close", tubes[2], boxes[1],
                        tubes[0], tubes[2], "seal", courierCode(99)});
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.code(10) == "box_opened");
  CHECK(out.code(11) == "tube_packed");
  CHECK(out.code(13) == "tube_open");  // tube 3 is still open: refused
  CHECK(out.code(14) == "box_sealed");
  CHECK(out.byLine.at(14)->getValue<int>("count") == 2);
  CHECK(out.code(15) == "need_courier");
  CHECK(out.code(16) == "handed_over");
  CHECK(out.code(18) == "tube_used");  // closed: outside packing it cannot be opened again
  CHECK(out.code(20) == "tube_already_packed");
  CHECK(out.code(22) == "box_sealed");
  CHECK(out.byLine.at(22)->getValue<int>("count") == 1);
  CHECK(out.code(23) == "handed_over");
  // The server holds the sealed box with its two tubes, handed over to the courier.
  const auto again = s.server.call("POST", "/api/v1/boxes/" + box + "/handover",
                                   "{\"courier\":\"" + courier + "\"}", LimsServer::kSampler);
  REQUIRE(again.status == 200);
  const auto obj = parseJson(again.body);
  CHECK(obj->getValue<int>("tube_count") == 2);
  CHECK(obj->getValue<std::string>("courier") == courier);
  CHECK(obj->has("handed_over_at"));
}

TEST_CASE("pack takes a box code fetched from the server, then seal and hand-over follow", "[station][integration]") {
  Session s;
  const auto tubes = s.server.tubeCodes(2);
  // The first run logs in and fetches box codes into the journal's stock.
  auto first = s.runScript({tubes[0], person(1), "close"});
  REQUIRE(first->wait(std::chrono::seconds(60)) == 0);
  auto second = s.runScript({tubes[0], person(1), "close", "pack", tubes[0], "seal", courierCode(7)});
  REQUIRE(second->wait(std::chrono::seconds(60)) == 0);
  const Output out(*second);
  CHECK(out.code(4) == "box_opened");
  const std::string box = out.byLine.at(4)->getValue<std::string>("box");
  CHECK(domain::validateCode(box, domain::CodeKind::Box).ok);
  CHECK(out.code(6) == "box_sealed");
  CHECK(out.code(7) == "handed_over");
  CHECK(out.done()->getValue<int>("refused") == 0);
}

TEST_CASE("pre-registration codes issued by the server are verified offline with the key kept in the journal",
          "[station][integration]") {
  Session s;
  auto issue = [&](unsigned n) {
    const auto a = s.server.call("POST", "/api/v1/preregistrations",
                                 "{\"id_type\":\"resident_id\",\"id_number\":\"" + residentId(n) +
                                     "\",\"name\":\"预登记\",\"phone\":\"13800138000\"}");
    REQUIRE(a.status == 201);
    return parseJson(a.body)->getValue<std::string>("payload");
  };
  const std::string p1 = issue(50), p2 = issue(51);
  std::string altered = p2;
  altered[30] = altered[30] == 'A' ? 'B' : 'A';
  const auto tubes = s.server.tubeCodes(2);
  // Online once: the station learns the server's key at login and keeps it in its journal.
  auto first = s.runScript({tubes[0], person(1), "close"});
  REQUIRE(first->wait(std::chrono::seconds(60)) == 0);
  // Then offline: genuine codes register, forged ones are refused, with no server to ask.
  s.server.stop();
  auto second = s.runScript({tubes[0], person(1), "close", tubes[1], p1, altered, p2, "close"});
  REQUIRE(second->waitForLines(7, std::chrono::seconds(10)));
  s.server.start();
  REQUIRE(second->wait(std::chrono::seconds(60)) == 0);
  const Output out(*second);
  CHECK(out.code(5) == "registered");
  CHECK(out.code(6) == "forged_code");
  CHECK(out.code(7) == "registered");
  int count = 0;
  CHECK(s.server.closeTube(tubes[1], &count) == "closed");
  CHECK(count == 2);
}

TEST_CASE("an answer lost in a crash is asked for again with the same key and adds nothing", "[station][integration]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  StationSettings settings;
  settings.journalPath = s.dir.file("lib.journal");
  settings.station = "S1";
  settings.user = LimsServer::kSampler;
  settings.campaignId = s.server.campaign();
  settings.sync.serverUrl = s.server.url();
  settings.sync.password = LimsServer::kSamplerPassword;
  settings.sync.retryMin = std::chrono::milliseconds(20);
  auto drained = [](Station& st) {
    for (int i = 0; i < 1000 && st.counts().queued > 0; ++i) {
      st.poll();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return st.counts().queued == 0;
  };
  std::vector<JournalEntry> sent;
  {
    Station st(settings);
    st.scan(tube);
    st.scan(person(1));
    st.scan(person(2));
    REQUIRE(drained(st));
    for (const auto& e : st.journal().all())
      if (e.state == EntryState::Sent) sent.push_back(e);
  }
  REQUIRE(sent.size() == 2);
  // As if the station died after the server answered but before the journal recorded it.
  {
    Journal j(settings.journalPath);
    std::vector<JournalEntry> lost = sent;
    for (auto& e : lost) {
      e.state = EntryState::Queued;
      e.serverId.clear();
    }
    j.recordAnswers(lost);
    REQUIRE(j.counts().queued == 2);
  }
  Station st(settings);
  REQUIRE(drained(st));
  CHECK(st.counts().refused == 0);
  for (const auto& e : sent) CHECK(st.journal().find(e.seq)->serverId == e.serverId);  // the same registrations
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{2, 2});
}

TEST_CASE("a wrong password ends a script run with status 2 and a reason, and nothing is lost", "[station][integration]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  const std::string script = s.writeScript("pw.script", {tube, person(1)});
  std::vector<std::string> argv = {binary("sampling-station"), "--server", s.server.url(), "--user", LimsServer::kSampler,
                                   "--station", "S1", "--campaign", std::to_string(s.server.campaign()), "--journal",
                                   s.dir.file("pw.journal"), "--script", script};
  ChildProcess bad(argv, {{"LIMS_PASSWORD", "wrong-password"}}, s.dir.file("pw.out"));
  CHECK(bad.wait(std::chrono::seconds(30)) == 2);
  CHECK(bad.output().find("\"event\":\"login_refused\"") != std::string::npos);
  // The scans were journaled all the same; the right password uploads them.
  ChildProcess good(argv, {{"LIMS_PASSWORD", LimsServer::kSamplerPassword}}, s.dir.file("pw2.out"));
  CHECK(good.wait(std::chrono::seconds(30)) == 0);
  CHECK(s.server.registrationsAndSampled() == std::pair<std::int64_t, std::int64_t>{1, 1});
}

TEST_CASE("bad command lines are refused with one line naming the problem", "[station][integration]") {
  TempDir dir;
  struct Row {
    std::vector<std::string> args;
    std::string mentions;
  };
  const std::vector<Row> rows = {
      {{"--station", "S1"}, "--server"},
      {{"--station", "S1", "--server", "http://127.0.0.1:1", "--user", "u", "--campaign", "x"}, "--campaign"},
      {{"--offline", "--station", "S1"}, "--campaign"},
  };
  for (const auto& row : rows) {
    std::vector<std::string> argv = {binary("sampling-station")};
    argv.insert(argv.end(), row.args.begin(), row.args.end());
    ChildProcess p(argv, {{"LIMS_PASSWORD", "x"}}, dir.file("usage.out"));
    CHECK(p.wait(std::chrono::seconds(10)) == 64);
    const std::string err = p.errors();
    INFO(err);
    CHECK(err.rfind("sampling-station: ", 0) == 0);
    CHECK(err.find(row.mentions) != std::string::npos);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  }
}

TEST_CASE("reprint writes a verified tube label to the PDF file", "[station][integration]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  const std::string pdf = s.dir.file("label.pdf");
  auto p = s.runScript({"reprint", tube, person(1), "reprint"}, "s1.journal", "S1", LimsServer::kSampler,
                       {"--labels-pdf", pdf});
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.code(1) == "nothing_to_reprint");
  CHECK(out.code(4) == "reprint");
  CHECK(readFile(pdf).rfind("%PDF", 0) == 0);
}

TEST_CASE("a printer that does not answer holds up no scan and the failure comes back with what to do",
          "[station][integration]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  auto p = s.runScript({tube, "reprint", person(1), person(2)}, "s1.journal", "S1", LimsServer::kSampler,
                       {"--printer", "127.0.0.1:1"});
  REQUIRE(p->wait(std::chrono::seconds(60)) == 0);
  const Output out(*p);
  CHECK(out.code(2) == "reprint");
  CHECK(out.code(4) == "registered");
  const auto failed = out.eventsNamed("print_failed");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0]->getValue<std::string>("advice").find("F3") != std::string::npos);
  // The scans after the reprint were answered before the printer gave up (it retries for ~1.5 s).
  const std::string text = p->output();
  CHECK(text.find("\"line\":4") < text.find("print_failed"));
}

TEST_CASE("a person not in the register scanned without a name is refused with what to do, and the rescan counts once",
          "[station][integration]") {
  Session s;
  const auto tube = s.server.tubeCodes(1).at(0);
  auto first = s.runScript({tube, residentId(60), person(61)});
  CHECK(first->wait(std::chrono::seconds(60)) == 1);
  const Output a(*first);
  const auto refused = a.eventsNamed("refused");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0]->getValue<std::string>("code") == "invalid");
  CHECK(refused[0]->getValue<std::string>("advice").find("name") != std::string::npos);
  // The operator scans the card again with the name: the refused scan no longer blocks the person
  // nor counts in the tube.
  auto second = s.runScript({tube, residentId(60), person(61), residentId(60) + " 补名字", "close"});
  CHECK(second->wait(std::chrono::seconds(60)) == 1);  // the journal still holds the first refusal
  const Output b(*second);
  CHECK(b.code(4) == "registered");
  CHECK(b.byLine.at(4)->getValue<int>("count") == 2);
  CHECK(b.eventsNamed("refused").empty());
  int count = 0;
  CHECK(s.server.closeTube(tube, &count) == "closed");
  CHECK(count == 2);
}
