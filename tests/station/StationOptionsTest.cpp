#include <catch2/catch.hpp>

#include "natlims/station/StationOptions.h"

using namespace natlims::station;

namespace {

std::vector<std::string> base() {
  return {"--server", "http://127.0.0.1:8080", "--user", "wang", "--station", "S1", "--campaign", "3"};
}

std::vector<std::string> with(std::vector<std::string> extra) {
  auto args = base();
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("station options: good command lines", "[options]") {
  const auto o = parseStationOptions(with({"--script", "s.txt", "--pool-size", "20", "--retry-min", "50"}));
  CHECK(o.server == "http://127.0.0.1:8080");
  CHECK(o.campaign == 3);
  CHECK(o.journal == "station-S1.journal");
  CHECK(o.script == "s.txt");
  CHECK(o.poolSize == 20);
  CHECK(o.retryMin.count() == 50);
  CHECK(o.batchSize == 250);
  CHECK(parseStationOptions(with({"--batch-size", "1"})).batchSize == 1);
  const auto off = parseStationOptions({"--offline", "--station", "S9"});
  CHECK(off.offline);
  const auto sim = parseStationOptions(with({"--simulate", "150", "--people", "300", "--speed", "720"}));
  CHECK(sim.simulateRate == 150);
  CHECK(sim.people == 300);
  CHECK(parseStationOptions({"--help"}).help);
}

TEST_CASE("station options: each bad command line is refused with a reason naming the option", "[options]") {
  struct Row {
    std::vector<std::string> args;
    std::string mentions;
  };
  const std::vector<Row> rows = {
      {{"--user", "wang", "--server", "http://x:1", "--campaign", "1"}, "--station"},
      {{"--station", "S1", "--user", "wang", "--campaign", "1"}, "--server"},
      {{"--station", "S1", "--server", "ftp://x", "--user", "wang"}, "--server"},
      {{"--station", "S1", "--server", "http://x:1"}, "--user"},
      {with({"--campaign", "zero"}), "--campaign"},
      {with({"--campaign", "0"}), "--campaign"},
      {with({"--pool-size", "21"}), "--pool-size"},
      {with({"--batch-size", "0"}), "--batch-size"},
      {with({"--batch-size", "1001"}), "--batch-size"},
      {with({"--script", "a", "--simulate", "100"}), "--simulate"},
      {with({"--people", "10"}), "--simulate"},
      {with({"--simulate", "100", "--speed", "10"}), "--speed"},
      {with({"--retry-min", "1000", "--retry-max", "10"}), "--retry-max"},
      {with({"--prereg-key", "abc"}), "--prereg-key"},
      {with({"--printer", "host"}), "--printer"},
      {with({"--printer", "h:9100", "--labels-pdf", "x.pdf"}), "--labels-pdf"},
      {with({"--bogus", "1"}), "--bogus"},
      {with({"--journal"}), "--journal"},
      {with({"stray"}), "stray"},
  };
  for (const auto& r : rows) {
    std::string joined;
    for (const auto& a : r.args) joined += a + " ";
    INFO(joined);
    try {
      parseStationOptions(r.args);
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find(r.mentions) != std::string::npos);
    }
  }
}
