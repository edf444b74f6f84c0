#include <catch2/catch.hpp>

#include "StationTestSupport.h"
#include "natlims/station/BigText.h"
#include "natlims/station/KeyDecoder.h"
#include "natlims/station/ScreenView.h"
#include "natlims/station/TextWidth.h"

using namespace natlims;
using namespace natlims::station;
using namespace natlims::station::test;

TEST_CASE("display width counts Chinese characters as two columns", "[screen]") {
  struct Row {
    std::string text;
    std::size_t width;
  };
  const std::vector<Row> rows = {{"", 0}, {"abc", 3}, {"张三", 4}, {"张*", 3}, {"1101**********002X", 18},
                                 {"𠀀", 2}, {"\u2588", 1}};
  for (const auto& r : rows) {
    INFO(r.text);
    CHECK(displayWidth(r.text) == r.width);
  }
  CHECK(fitToWidth("张三丰", 5) == "张三 ");  // never splits a character
  CHECK(fitToWidth("ab", 4) == "ab  ");
  CHECK(wrapToWidth("one two three four", 9) == std::vector<std::string>{"one two", "three", "four"});
  CHECK(wrapToWidth("abcdefghij", 4).front() == "abcd");
}

TEST_CASE("function keys, Enter and Backspace are decoded from terminal bytes", "[screen]") {
  KeyDecoder d;
  struct Row {
    std::string bytes;
    KeyEvent::Kind kind;
    int function;
  };
  const std::vector<Row> rows = {
      {"\x1bOP", KeyEvent::Kind::FunctionKey, 1},   {"\x1b[11~", KeyEvent::Kind::FunctionKey, 1},
      {"\x1bOS", KeyEvent::Kind::FunctionKey, 4},   {"\x1b[15~", KeyEvent::Kind::FunctionKey, 5},
      {"\x1b[17~", KeyEvent::Kind::FunctionKey, 6}, {"\x1b[18~", KeyEvent::Kind::FunctionKey, 7},
      {"\x1b[21~", KeyEvent::Kind::FunctionKey, 10}, {"\x1b[[A", KeyEvent::Kind::FunctionKey, 1},
      {"\r", KeyEvent::Kind::Enter, 0},             {"\x7f", KeyEvent::Kind::Backspace, 0},
  };
  for (const auto& r : rows) {
    INFO("bytes of length " << r.bytes.size());
    const auto ev = d.feed(r.bytes);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == r.kind);
    CHECK(ev[0].function == r.function);
  }
  SECTION("a scanner line in pieces, with CR LF split across reads") {
    KeyDecoder k;
    auto a = k.feed("T3K7\xe5\xbc");  // ends inside a UTF-8 character
    REQUIRE(a.size() == 1);
    CHECK(a[0].text == "T3K7");
    auto b = k.feed("\xa0\r");
    REQUIRE(b.size() == 2);
    CHECK(b[0].text == "\xe5\xbc\xa0");
    CHECK(b[1].kind == KeyEvent::Kind::Enter);
    CHECK(k.feed("\n").empty());
  }
  SECTION("an escape sequence split across reads; arrows are ignored") {
    KeyDecoder k;
    CHECK(k.feed("\x1b[1").empty());
    auto ev = k.feed("5~\x1b[A");
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].function == 5);
    CHECK(k.feed("\x1b").empty());
    REQUIRE(k.flush().size() == 1);
  }
}

TEST_CASE("the big count is 5 rows of block characters", "[screen]") {
  const auto rows = bigText("7/10");
  for (const auto& r : rows) CHECK(displayWidth(r) == 6 * 3 + 4);
  CHECK(rows[0].find("\u2588\u2588\u2588\u2588\u2588") == 0);  // the top bar of the 7
}

TEST_CASE("the screen fits 80x24 and shows what the operator needs, masked", "[screen]") {
  ScreenView v;
  v.station = "S-01";
  v.operatorName = "wang";
  v.campaign = "3 Round 1";
  v.clock = "10:42:13";
  v.tube = tubeCode(5);
  v.count = 7;
  v.pool = 10;
  v.lastPersonLabel = "1101**********002X 张*";
  v.lastPersonTube = tubeCode(5);
  v.lastPersonPosition = 7;
  v.lastPersonTime = "10:42:12";
  v.people = 143;
  v.tubesClosed = 14;
  v.peoplePerHour = 152.4;
  v.online = false;
  v.queued = 3;
  v.sent = 140;
  v.refused = 1;
  v.syncProblem = "server unreachable";
  v.retryInSeconds = 4;
  v.messageStatus = Outcome::Status::Done;
  v.message = "1101**********002X 张* registered in tube T... (7/10)";
  v.error = "4405**********0014 李* refused by the server: already registered";
  v.errorTime = "10:40:01";
  v.advice = "no second swab is needed";
  v.nextStep = "scan the next person";
  v.input = "11010519";

  const auto plain = renderScreen(v, 80, 24, false);
  REQUIRE(plain.size() == 24);
  std::string all;
  for (const auto& line : plain) {
    CHECK(displayWidth(line) == 80);
    all += line + "\n";
  }
  for (const char* expected : {"S-01", "wang", "Round 1", "TUBE T", "1101**********002X 张*", "#7 in", "143 people",
                               "152 people/hour", "OFFLINE", "queued 3", "sent 140", "refused 1", "retry in 4 s",
                               "ERROR 10:40:01", "What to do: no second swab", "Next: scan the next person",
                               "> 11010519_", "F1 close", "F10 quit"}) {
    INFO(expected);
    CHECK(all.find(expected) != std::string::npos);
  }
  // The count "7/10" in large type: the rows of bigText, indented.
  const auto big = bigText("7/10");
  for (std::size_t r = 0; r < big.size(); ++r) CHECK(plain[3 + r].find(big[r]) != std::string::npos);

  const auto colored = renderScreen(v, 80, 24, true);
  std::string coloredAll;
  for (const auto& line : colored) coloredAll += line;
  CHECK(coloredAll.find("\x1b[1;31m ERROR") != std::string::npos);  // the error in red
}
