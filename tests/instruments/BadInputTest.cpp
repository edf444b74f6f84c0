#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestSupport.h"

using namespace natlims::instruments;
using namespace natlims::instruments::test;

namespace {

// A zip whose only member is deflated data but whose headers claim `claimedSize` bytes.
std::string lyingZip(const std::string& data, unsigned long claimedSize) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string packed(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(packed.data());
  zs.avail_out = static_cast<uInt>(packed.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  packed.resize(zs.total_out);
  deflateEnd(&zs);
  std::string zip = storedZip({{"rdml_data.xml", packed}});
  // Patch method (8) and the claimed size in the local and central headers.
  auto patch16 = [&](std::size_t at, unsigned v) { zip[at] = static_cast<char>(v & 0xFF); zip[at + 1] = static_cast<char>(v >> 8); };
  auto patch32 = [&](std::size_t at, unsigned long v) { patch16(at, v & 0xFFFF); patch16(at + 2, (v >> 16) & 0xFFFF); };
  patch16(8, 8);
  patch32(22, claimedSize);
  const std::size_t central = zip.find("PK\x01\x02");
  patch16(central + 10, 8);
  patch32(central + 24, claimedSize);
  return zip;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string packed(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(packed.data());
  zs.avail_out = static_cast<uInt>(packed.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  packed.resize(zs.total_out);
  deflateEnd(&zs);
  return packed;
}

}  // namespace

TEST_CASE("bad inputs are refused with their kind and a reason that names the file", "[bad]") {
  const std::string abi = fixture("quantstudio_small.txt");
  std::string garbled(4096, '\0');
  for (std::size_t i = 0; i < garbled.size(); ++i) garbled[i] = static_cast<char>((i * 7919 + 13) % 251);
  struct Row {
    const char* what;
    std::string bytes;
    ReadErrorKind kind;
    const char* says;
  };
  const std::vector<Row> rows = {
      {"empty", "", ReadErrorKind::Empty, "the file is empty"},
      {"blank lines", "\r\n \n\t\n", ReadErrorKind::Empty, "only blank lines"},
      {"NUL bytes", std::string("Well\tCt\0\0\0\x01", 11), ReadErrorKind::Binary, "binary content"},
      {"garbled bytes", garbled, ReadErrorKind::Binary, "binary content"},
      {"PDF report", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", ReadErrorKind::UnknownFormat, "PDF report"},
      {"Excel 97-2003", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'), ReadErrorKind::UnknownFormat, ".xls"},
      {"text without a result table", "hello, world\nthis is not a run\n", ReadErrorKind::UnknownFormat, "no result table found"},
      {"ABI text cut inside a row", abi.substr(0, abi.find("28.125") - 12), ReadErrorKind::Truncated, "cut short"},
      {"RDML cut short", fixture("rdml_v13.xml").substr(0, 900), ReadErrorKind::Truncated, "not well-formed XML"},
      {"zip cut short", storedZip({{"rdml_data.xml", fixture("rdml_v13.xml")}}).substr(0, 3000), ReadErrorKind::Truncated, "zip archive"},
      {"gzip cut short", gzip(abi).substr(0, 200), ReadErrorKind::Truncated, "gzip"},
      {"unknown zip", storedZip({{"readme.txt", "hello"}}), ReadErrorKind::UnknownFormat, "members: readme.txt"},
      {"empty zip", storedZip({}), ReadErrorKind::Empty, "empty zip"},
      {"CFX Cq that is not a number", ",Well,Fluor,Target,Content,Sample,Cq\n,A01,FAM,N,Unkn,T1,2x.1\n", ReadErrorKind::Malformed, "line 2: Cq '2x.1'"},
      {"JSON that is no run", "{\"hello\": 1}", ReadErrorKind::UnknownFormat, "natlims-results-v1"},
      {"HTML without results", "<html><body><table><tr><td>x</td></tr></table></body></html>", ReadErrorKind::UnknownFormat, "HTML table"},
  };
  for (const auto& r : rows) {
    INFO(r.what);
    const ReadError e = readFails(InputFile{"input.bin", r.bytes});
    CHECK(e.kind == r.kind);
    CHECK(e.file == "input.bin");
    CHECK(e.message.rfind("input.bin: ", 0) == 0);
    CHECK(e.message.find(r.says) != std::string::npos);
  }
}

TEST_CASE("a zip member with a damaged checksum is refused", "[bad][zip]") {
  std::string zip = storedZip({{"rdml_data.xml", fixture("rdml_v13.xml")}});
  zip[200] = zip[200] == 'x' ? 'y' : 'x';  // inside the stored data
  const ReadError e = readFails(InputFile{"d.rdml", zip});
  CHECK(e.kind == ReadErrorKind::Malformed);
  CHECK(e.message.find("fails its checksum") != std::string::npos);
}

TEST_CASE("oversized input is refused by size: the file, a zip member's header, and a member that lies", "[bad][size]") {
  ReadOptions small;
  small.maxBytes = 1000;
  small.maxUnpackedBytes = 64 * 1024;
  const ReadError big = readFails(fixtureFile("abi7500_daan_96.txt"), small);
  CHECK(big.kind == ReadErrorKind::TooLarge);
  CHECK(big.message.find("more than the limit of 1000") != std::string::npos);
  const std::string huge(200 * 1024, 'A');
  // The header tells the truth: refused before unpacking.
  const ReadError declared = readFails(InputFile{"h.zip", storedZip({{"rdml_data.xml", huge}})},
                                       ReadOptions{10u << 20, 64 * 1024, {}, {}});
  CHECK(declared.kind == ReadErrorKind::TooLarge);
  // The header lies (claims 100 bytes): unpacking stops at the limit.
  const ReadError lying = readFails(InputFile{"l.zip", lyingZip(huge, 100)}, ReadOptions{10u << 20, 64 * 1024, {}, {}});
  CHECK(lying.kind == ReadErrorKind::TooLarge);
  // A gzip bomb likewise.
  const ReadError bomb = readFails(InputFile{"b.gz", gzip(huge)}, ReadOptions{10u << 20, 64 * 1024, {}, {}});
  CHECK(bomb.kind == ReadErrorKind::TooLarge);
}

TEST_CASE("loadFile refuses a file by its size on disk and loadStream stops at the limit", "[bad][size]") {
  const std::string path = (std::filesystem::temp_directory_path() / "natlims-instruments-big.txt").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "x";
  }
  std::filesystem::resize_file(path, 200ull << 20);  // sparse: nothing is written
  const LoadOutcome big = loadFile(path, 32u << 20);
  std::filesystem::remove(path);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error.kind == ReadErrorKind::TooLarge);
  CHECK(big.error.message.find(std::to_string(200ull << 20)) != std::string::npos);

  const LoadOutcome missing = loadFile("/nonexistent/natlims/run.txt", 1000);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error.kind == ReadErrorKind::Unreadable);

  std::istringstream stream(std::string(5000, 'a'));
  const LoadOutcome cut = loadStream(stream, "body", 4096);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error.kind == ReadErrorKind::TooLarge);
  std::istringstream fits("Well\tCt\n");
  const LoadOutcome ok = loadStream(fits, "body", 4096);
  REQUIRE(ok.ok());
  CHECK(ok.file->bytes == "Well\tCt\n");

  const LoadOutcome real = loadFile(fixturePath("cfx_maestro.csv"), 1u << 20);
  REQUIRE(real.ok());
  CHECK(readRun(*real.file).ok());
}

TEST_CASE("gzip-compressed exports are read like the plain file", "[zip]") {
  const RunData plain = readOk(fixtureFile("lc480_fam.txt"));
  const RunData packed = readOk(InputFile{"lc480_fam.txt.gz", gzip(fixture("lc480_fam.txt"))});
  REQUIRE(packed.wells.size() == plain.wells.size());
  CHECK(packed.wells[0].ct == plain.wells[0].ct);
}

TEST_CASE("no files at all is an error, not an empty run", "[bad]") {
  const ReadOutcome o = readRun(std::span<const InputFile>());
  REQUIRE_FALSE(o.ok());
  CHECK(o.error.kind == ReadErrorKind::Empty);
}

TEST_CASE("error codes are stable API strings", "[bad]") {
  CHECK(readErrorCode(ReadErrorKind::TooLarge) == "too_large");
  CHECK(readErrorCode(ReadErrorKind::Truncated) == "truncated");
  CHECK(readErrorCode(ReadErrorKind::NoResults) == "no_results");
  CHECK(readErrorCode(ReadErrorKind::Inconsistent) == "inconsistent");
  CHECK(readErrorCode(ReadErrorKind::UnknownFormat) == "unknown_format");
}
