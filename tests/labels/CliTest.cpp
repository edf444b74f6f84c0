// lims-labels as a user runs it: a real process, real files, a fake printer on loopback.
#include <catch2/catch.hpp>

#include <set>

#include "FakePrinter.h"
#include "LabelTestSupport.h"
#include "natlims/labels/ImageCodec.h"
#include "natlims/labels/LabelConfig.h"
#include "natlims/labels/Scanner.h"
#include "natlims/labels/Zpl.h"

using namespace natlims::labels;

namespace {

const std::string kProgram = NATLIMS_BIN_DIR "/lims-labels";

test::ProgramResult run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
  return test::runProgram(kProgram, args, env);
}

std::string codeFile(const test::TempDir& dir, const std::vector<std::string>& codes, const std::string& extra = "") {
  std::string text = "# tubes for site P1\n\n";
  for (const auto& c : codes) text += "  " + c + "\n";
  text += extra;
  test::writeFile(dir.file("codes.txt"), text);
  return dir.file("codes.txt");
}

}  // namespace

TEST_CASE("lims-labels --help describes both ways of getting codes", "[labels][cli]") {
  const auto r = run({"--help"});
  CHECK(r.exitCode == 0);
  for (const char* word : {"--codes FILE", "--count N", "--server URL", "--format", "--out", "--printer", "--scan",
                           "LIMS_PASSWORD"})
    CHECK(r.out.find(word) != std::string::npos);
  CHECK(r.err.empty());
}

TEST_CASE("lims-labels refuses bad arguments with one line and a non-zero exit", "[labels][cli]") {
  test::TempDir dir;
  const std::string codes = codeFile(dir, test::randomCodes(2, 51));
  struct Row {
    std::vector<std::string> args;
    const char* says;
  };
  const Row rows[] = {
      {{}, "--codes FILE, --count N or --scan"},
      {{"--bogus"}, "unknown argument '--bogus'"},
      {{"--codes", codes, "--format", "gif", "--out", "x"}, "--format: 'gif'"},
      {{"--codes", codes, "--out", dir.file("x")}, "--format"},
      {{"--codes", codes, "--format", "png"}, "--out PATH is required"},
      {{"--codes"}, "--codes needs a value"},
      {{"--count", "0", "--server", "http://127.0.0.1:1", "--user", "u"}, "--count: '0'"},
      {{"--count", "ten", "--server", "http://127.0.0.1:1", "--user", "u"}, "--count: 'ten'"},
      {{"--count", "5", "--user", "u", "--format", "pdf", "--out", "x"}, "--count needs --server"},
      {{"--count", "5", "--server", "http://127.0.0.1:1", "--format", "pdf", "--out", "x"}, "--count needs --user"},
      {{"--codes", codes, "--count", "3"}, "exclude each other"},
      {{"--codes", codes, "--server", "http://x", "--format", "pdf", "--out", "x"}, "go with --count"},
      {{"--codes", codes, "--printer", "127.0.0.1:9100", "--format", "png"}, "--printer prints ZPL"},
      {{"--codes", codes, "--format", "pdf", "--out", "x", "--dpi", "50"}, "--dpi: '50'"},
      {{"--codes", codes, "--format", "pdf", "--out", "x", "--pool-size", "200"}, "--pool-size: '200'"},
      {{"--codes", codes, "--format", "pdf", "--out", "x", "--size", "big"}, "--size: 'big'"},
      {{"--codes", codes, "--format", "pdf", "--out", "x", "--size", "10x40"}, "labels.size"},
      {{"--codes", codes, "--format", "pdf", "--out", "x", "--date", "1.12.2026"}, "date"},
      {{"--codes", codes, "--format", "pdf", "--out", "x", "--campaign", std::string(60, 'A')}, "campaign"},
      {{"--codes", codes, "--format", "pdf", "--out", "x", "--config", "/nonexistent.ini"}, "/nonexistent.ini"},
      {{"--codes", dir.file("missing.txt"), "--format", "pdf", "--out", "x"}, "cannot read code list"},
      {{"--codes", codes, "--printer", "host:port"}, "'port' is not a port"},
      {{"--scan"}, "--scan needs at least one image"},
      {{"--count", "2", "--server", "ftp://x", "--user", "u", "--format", "pdf", "--out", "x"}, "not an http"},
  };
  for (const Row& row : rows) {
    std::string shown;
    for (const auto& a : row.args) shown += a + " ";
    INFO(shown);
    const auto r = run(row.args, {{"LIMS_PASSWORD", "x"}});
    CHECK(r.exitCode != 0);
    CHECK(test::lineCount(r.err) == 1);
    CHECK(r.err.rfind("lims-labels: ", 0) == 0);
    CHECK(r.err.find(row.says) != std::string::npos);
    CHECK(r.out.empty());
  }
  CHECK_FALSE(test::exists("x"));
}

TEST_CASE("lims-labels --codes writes each format, every label scanning to its code", "[labels][cli]") {
  test::TempDir dir;
  const auto codes = test::randomCodes(25, 52);
  const std::string list = codeFile(dir, codes);
  const std::vector<std::string> label = {"--campaign", "全民核酸", "--pool-size", "10", "--date", "2026-12-01"};
  auto args = [&](const std::string& format, const std::string& out) {
    std::vector<std::string> a = {"--codes", list, "--format", format, "--out", out};
    a.insert(a.end(), label.begin(), label.end());
    return a;
  };

  auto r = run(args("png", dir.file("png")));
  REQUIRE(r.exitCode == 0);
  CHECK(r.err.find("25 labels verified and written") != std::string::npos);
  REQUIRE(test::listFolder(dir.file("png")).size() == 25);
  for (const auto& c : codes) REQUIRE(scanImageFile(dir.file("png/" + c + ".png")).at(0).text == c);

  r = run(args("svg", dir.file("svg")));
  REQUIRE(r.exitCode == 0);
  REQUIRE(test::listFolder(dir.file("svg")).size() == 25);
  const GrayImage svg = test::renderSvg(dir.file("svg/" + codes[3] + ".svg"), 203, dir);
  CHECK(scanImage(svg).at(0).text == codes[3]);

  r = run(args("zpl", dir.file("labels.zpl")));
  REQUIRE(r.exitCode == 0);
  const auto zpl = zplGraphics(test::readFile(dir.file("labels.zpl")));
  REQUIRE(zpl.size() == 25);
  for (std::size_t i = 0; i < codes.size(); ++i) REQUIRE(scanImage(zpl[i]).at(0).text == codes[i]);

  r = run(args("zpl", "-"));
  REQUIRE(r.exitCode == 0);
  CHECK(r.out == test::readFile(dir.file("labels.zpl")));

  r = run(args("pdf", dir.file("labels.pdf")));
  REQUIRE(r.exitCode == 0);
  const auto pages = test::renderPdf(dir.file("labels.pdf"), 150, dir);
  REQUIRE(pages.size() == 1);
  const auto cells = test::sheetCells(pages[0], LabelConfig{}, 150);
  for (std::size_t i = 0; i < codes.size(); ++i) CHECK(scanImage(cells[i], ScanOptions{false, false, 2}).at(0).text == codes[i]);
  CHECK(scanImage(cells[codes.size()]).empty());  // the rest of the sheet stays blank

  // --size and --dpi change the label: 50x25 mm at 300 dpi.
  r = run({"--codes", list, "--format", "png", "--out", dir.file("big"), "--size", "50x25", "--dpi", "300"});
  REQUIRE(r.exitCode == 0);
  const GrayImage big = readImageFile(dir.file("big/" + codes[0] + ".png"));
  CHECK(big.width() == 591);
  CHECK(big.height() == 295);
}

TEST_CASE("lims-labels reads the [labels] section of --config", "[labels][cli]") {
  test::TempDir dir;
  const auto codes = test::randomCodes(1, 53);
  test::writeFile(dir.file("labels.ini"), "[labels]\nsize = 50x25\ndpi = 300\n");
  const auto r = run({"--codes", codeFile(dir, codes), "--format", "png", "--out", dir.file("o"), "--config",
                      dir.file("labels.ini")});
  REQUIRE(r.exitCode == 0);
  CHECK(readImageFile(dir.file("o/" + codes[0] + ".png")).width() == 591);
}

TEST_CASE("a code list with a bad code is refused by line, and nothing is written", "[labels][cli]") {
  test::TempDir dir;
  auto codes = test::randomCodes(3, 54);
  std::string bad = codes[0];
  std::swap(bad[3], bad[4]);
  if (bad == codes[0]) std::swap(bad[2], bad[5]);
  struct Row {
    std::string extra;
    const char* says;
  };
  const Row rows[] = {
      {bad + "\n", "codes.txt:6: code '"},
      {codes[1] + "\n", "appears twice (first on line 4)"},
      {"T12345\n", "must be 10 characters"},
      {"11010519491231002X\n", "must be 10 characters"},
  };
  for (const Row& row : rows) {
    INFO(row.extra);
    const std::string list = codeFile(dir, codes, row.extra);
    for (const char* format : {"png", "zpl", "pdf"}) {
      const std::string out = dir.file(std::string("out.") + format);
      const auto r = run({"--codes", list, "--format", format, "--out", out});
      CHECK(r.exitCode == 2);
      CHECK(test::lineCount(r.err) == 1);
      CHECK(r.err.find(row.says) != std::string::npos);
      CHECK_FALSE(test::exists(out));
    }
  }
  // An identity number never shows in full in a message.
  const auto r = run({"--codes", codeFile(dir, codes, "11010519491231002X\n"), "--format", "pdf", "--out", dir.file("o.pdf")});
  CHECK(r.err.find("11010519491231002X") == std::string::npos);
  CHECK(r.err.find("'1101**********002X' must be 10 characters") != std::string::npos);
  // A list with no code at all.
  test::writeFile(dir.file("empty.txt"), "# nothing\n");
  const auto empty = run({"--codes", dir.file("empty.txt"), "--format", "pdf", "--out", dir.file("o.pdf")});
  CHECK(empty.exitCode == 2);
  CHECK(empty.err.find("holds no code") != std::string::npos);
}

TEST_CASE("lims-labels reports an unwritable output path and leaves nothing behind", "[labels][cli]") {
  test::TempDir dir;
  const std::string list = codeFile(dir, test::randomCodes(3, 55));
  for (const char* format : {"png", "pdf", "zpl"}) {
    const auto r = run({"--codes", list, "--format", format, "--out", "/nonexistent/folder/out"});
    CHECK(r.exitCode == 1);
    CHECK(test::lineCount(r.err) == 1);
    CHECK(r.err.find("/nonexistent/folder/out") != std::string::npos);
  }
}

TEST_CASE("lims-labels --printer sends verified ZPL to the printer's raw port", "[labels][cli]") {
  test::TempDir dir;
  const auto codes = test::randomCodes(4, 56);
  test::FakePrinter printer;
  const auto r = run({"--codes", codeFile(dir, codes), "--printer", "127.0.0.1:" + std::to_string(printer.port()),
                      "--campaign", "全民核酸"});
  REQUIRE(r.exitCode == 0);
  CHECK(r.err.find("sent to printer 127.0.0.1:") != std::string::npos);
  const auto jobs = printer.jobs(1);
  REQUIRE(jobs.size() == 1);
  const auto labels = zplGraphics(jobs[0]);
  REQUIRE(labels.size() == codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) CHECK(scanImage(labels[i]).at(0).text == codes[i]);

  // Nobody listening: a clear error after the retries.
  test::writeFile(dir.file("quick.ini"), "[labels]\nprinter.retries = 1\nprinter.retry_delay_ms = 10\n");
  const int port = printer.port();
  const auto down = run({"--codes", codeFile(dir, codes), "--printer", "127.0.0.1:1", "--config", dir.file("quick.ini")});
  CHECK(down.exitCode == 1);
  CHECK(down.err.find("printer 127.0.0.1:1 unreachable after 2 attempts") != std::string::npos);
  CHECK(port > 0);
}

TEST_CASE("lims-labels --scan prints every code with format and corners", "[labels][cli]") {
  test::TempDir dir;
  GrayImage frame(800, 400, 250);
  test::paste(frame, test::drawSymbol("QRCode", "T000000014", 5), 40, 40);
  test::paste(frame, test::drawSymbol("Code128", "X0000001E7", 2), 400, 250);
  test::writeFile(dir.file("frame.png"), encodePng(frame));
  test::writeFile(dir.file("blank.jpg"), test::encodeJpeg(GrayImage(64, 64, 255), 90));
  test::writeFile(dir.file("broken.png"), "\x89PNG\r\n\x1a\nxx");

  auto r = run({"--scan", dir.file("frame.png")});
  CHECK(r.exitCode == 0);
  CHECK(r.out.find(dir.file("frame.png") + "\tQRCode\tT000000014\t") != std::string::npos);
  CHECK(r.out.find("\tCode128\tX0000001E7\t") != std::string::npos);
  CHECK(test::lineCount(r.out) == 2);

  r = run({"--scan", dir.file("blank.jpg")});
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("no code found in") != std::string::npos);

  r = run({"--scan", dir.file("broken.png")});
  CHECK(r.exitCode == 2);
  CHECK(test::lineCount(r.err) == 1);
  CHECK(r.err.find("corrupt PNG") != std::string::npos);
}
