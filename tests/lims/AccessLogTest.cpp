#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <vector>
#include <thread>

#include "ServerProcess.h"
#include "http/AccessLog.h"

using natlims::lims::AccessLog;
using natlims::test::TempDir;


TEST_CASE("the access log writes every line, stamped, by the time it is closed", "[http][accesslog]") {
  TempDir dir;
  {
    AccessLog log(dir.file("access.log"));
    for (int i = 0; i < 1000; ++i) log.write("127.0.0.1 user GET /x/" + std::to_string(i) + " 200 2 0.10ms");
  }
  const auto text = natlims::test::readFile(dir.file("access.log"));
  std::istringstream lines(text);
  std::string line;
  int n = 0;
  const std::regex stamped(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} 127\.0\.0\.1 user GET /x/(\d+) 200 2 0\.10ms$)");
  while (std::getline(lines, line)) {
    std::smatch m;
    REQUIRE(std::regex_match(line, m, stamped));
    CHECK(std::stoi(m[1]) == n);  // in order
    ++n;
  }
  CHECK(n == 1000);
}

TEST_CASE("the access log rotates by size and keeps the newest archives", "[http][accesslog]") {
  TempDir dir;
  {
    AccessLog log(dir.file("access.log"), /*rotateBytes*/ 2000, /*keep*/ 3);
    for (int round = 0; round < 8; ++round) {
      for (int i = 0; i < 40; ++i) log.write("line " + std::to_string(round) + "/" + std::to_string(i));
      std::this_thread::sleep_for(std::chrono::milliseconds(250));  // a write-out per round
    }
  }
  std::vector<std::string> archives;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    if (e.path().filename().string().rfind("access.log.", 0) == 0) archives.push_back(e.path().string());
  CHECK(archives.size() == 3);
  // The newest lines are in the live file or, if the last write-out rotated it, the newest archive.
  std::sort(archives.begin(), archives.end());
  const std::string newest = natlims::test::readFile(dir.file("access.log")) + natlims::test::readFile(archives.back());
  CHECK(newest.find("line 7/39") != std::string::npos);
  CHECK(newest.find("line 0/0") == std::string::npos);  // the oldest were purged
}
