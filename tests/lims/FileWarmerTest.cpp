#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "ServerProcess.h"
#include "store/FileWarmer.h"

using natlims::lims::FileWarmer;
using natlims::test::TempDir;

namespace {

void appendBytes(const std::string& path, std::size_t n) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  const std::string chunk(n, 'x');
  out << chunk;
}

}  // namespace

TEST_CASE("the warmer maps the whole file, up to its bound, and follows its growth", "[store][warmer]") {
  TempDir dir;
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::string path = dir.file("db");
  appendBytes(path, 10 * page + 100);  // a partial last page is not mapped
  {
    FileWarmer w(path, 1 << 30, /*periodSeconds*/ 1);
    w.waitForFirstPass();
    CHECK(w.stats().mappedBytes == 10 * page);
    CHECK(w.stats().firstPassSeconds >= 0);
    appendBytes(path, 5 * page);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (w.stats().mappedBytes != 15 * page && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(w.stats().mappedBytes == 15 * page);
  }
  FileWarmer bounded(path, 4 * page + 1, 1);
  bounded.waitForFirstPass();
  CHECK(bounded.stats().mappedBytes == 4 * page);
}

TEST_CASE("the warmer holds nothing for a missing file and stops cleanly", "[store][warmer]") {
  TempDir dir;
  FileWarmer w(dir.file("absent"), 1 << 30, 1);
  w.waitForFirstPass();
  CHECK(w.stats().mappedBytes == 0);
}
