#include "TestSupport.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

namespace natlims::instruments::test {

std::string fixturePath(const std::string& name) {
  return std::string(NATLIMS_SOURCE_DIR) + "/tests/instruments/fixtures/" + name;
}

std::string fixture(const std::string& name) {
  std::ifstream in(fixturePath(name), std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

InputFile fixtureFile(const std::string& name) { return InputFile{name, fixture(name)}; }

std::vector<std::string> fixtureTubes() {
  std::istringstream in(fixture("tubes.txt"));
  std::vector<std::string> tubes;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) tubes.push_back(line);
  }
  return tubes;
}

Kit shippedKit(const std::string& id) {
  return loadKitFile(std::string(NATLIMS_SOURCE_DIR) + "/config/kits/" + id + ".json");
}

RunData readOk(const InputFile& file, const ReadOptions& options) {
  const ReadOutcome outcome = readRun(file, options);
  INFO(outcome.error.message);
  REQUIRE(outcome.ok());
  return *outcome.run;
}

ReadError readFails(const InputFile& file, const ReadOptions& options) {
  const ReadOutcome outcome = readRun(file, options);
  REQUIRE_FALSE(outcome.ok());
  return outcome.error;
}

namespace {

void put16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}

void put32(std::string& s, unsigned long v) {
  put16(s, static_cast<unsigned>(v & 0xFFFF));
  put16(s, static_cast<unsigned>((v >> 16) & 0xFFFF));
}

}  // namespace

std::string storedZip(const std::vector<std::pair<std::string, std::string>>& members, const std::string& prefix) {
  std::string out = prefix;
  std::string central;
  for (const auto& [name, data] : members) {
    const unsigned long crc = crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    const unsigned long offset = out.size() - prefix.size();
    std::string local;
    put32(local, 0x04034b50);
    put16(local, 20);
    put16(local, 0);  // flags
    put16(local, 0);  // stored
    put16(local, 0);
    put16(local, 0);
    put32(local, crc);
    put32(local, data.size());
    put32(local, data.size());
    put16(local, static_cast<unsigned>(name.size()));
    put16(local, 0);
    out += local + name + data;
    put32(central, 0x02014b50);
    put16(central, 20);
    put16(central, 20);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, crc);
    put32(central, data.size());
    put32(central, data.size());
    put16(central, static_cast<unsigned>(name.size()));
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += name;
  }
  const unsigned long cdOffset = out.size() - prefix.size();
  out += central;
  std::string end;
  put32(end, 0x06054b50);
  put16(end, 0);
  put16(end, 0);
  put16(end, static_cast<unsigned>(members.size()));
  put16(end, static_cast<unsigned>(members.size()));
  put32(end, central.size());
  put32(end, cdOffset);
  put16(end, 0);
  return out + end;
}

const WellReading& reading(const RunData& run, const std::string& well, const std::string& target) {
  for (const auto& r : run.wells) {
    if (wellLabel(r.position) == well && (r.target == target || (r.target.empty() && r.dye == target))) return r;
  }
  FAIL("no reading for " << well << " " << target);
  throw std::logic_error("unreachable");
}

}  // namespace natlims::instruments::test
