#include "CommandLine.h"

#include <Poco/NumberParser.h>

namespace natlims::labels::tool {

namespace {

constexpr int kMaxCount = 10000;

int parseInt(const std::string& flag, const std::string& value, int min, int max) {
  int v = 0;
  if (!Poco::NumberParser::tryParse(value, v) || v < min || v > max)
    throw UsageError(flag + ": '" + value + "' is not a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  return v;
}

}  // namespace

std::string usage() {
  return R"(lims-labels: tube and box labels that scan, and scanning of label images

  lims-labels --codes FILE --format png|svg|zpl|pdf --out PATH [options]
  lims-labels --count N --server URL --user NAME --format ... --out PATH [options]
  lims-labels (--codes FILE | --count N ...) --printer HOST[:PORT] [options]
  lims-labels --scan IMAGE...

Codes
  --codes FILE        one code per line ('#' comments and blank lines ignored; '-' = stdin)
  --count N           allocate N fresh codes (1..10000) from the server (POST /api/v1/tube-codes)
  --server URL        the lims-server, e.g. http://127.0.0.1:8080
  --user NAME         the account; its password comes from LIMS_PASSWORD or a terminal prompt
  --kind tube|box     which codes --count allocates (default tube)

Output (every label is decoded before it is written or printed; one that fails is never output)
  --format FMT        png, svg (--out is a folder: one file per label, named after its code),
                      zpl, pdf (--out is a file; '-' = standard output, e.g. for lp -o raw)
  --out PATH          where the labels go; nothing is left half-written on error
  --printer HOST:PORT send ZPL to a label printer's raw port (default port 9100)

Label
  --campaign NAME     the campaign's short name (UTF-8; Chinese prints in WenQuanYi Micro Hei)
  --pool-size N       people per tube, printed as "10合1" (0..99; default 0 = not printed)
  --date DATE         YYYY-MM-DD, or 'none' (default today)
  --size WxH          label size in mm, e.g. 40x20 or 50x25 (default from --config, else 40x20)
  --dpi N             printer resolution, 203 or 300 (default from --config, else 203)
  --config FILE       an INI file with a [labels] section (see config/labels.ini)

Scanning
  --scan IMAGE...     print every QR, Code 128, DataMatrix and PDF417 code in PNG/JPEG images:
                      FILE<TAB>FORMAT<TAB>TEXT<TAB>x,y corners (top-left first)

Exit status: 0 done, 1 failed (server, printer, verification, output, no code found), 2 bad
arguments or input.
)";
}

CommandLine parseCommandLine(int argc, const char* const argv[]) {
  CommandLine c;
  bool haveCodes = false, haveCount = false, haveScan = false, haveHelp = false;
  bool haveDate = false;
  auto value = [&](int& i, const std::string& flag) -> std::string {
    if (i + 1 >= argc) throw UsageError(flag + " needs a value");
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      haveHelp = true;
    } else if (arg == "--codes") {
      c.codesFile = value(i, arg);
      haveCodes = true;
    } else if (arg == "--count") {
      c.count = parseInt(arg, value(i, arg), 1, kMaxCount);
      haveCount = true;
    } else if (arg == "--server") {
      c.server = value(i, arg);
    } else if (arg == "--user") {
      c.user = value(i, arg);
    } else if (arg == "--kind") {
      const std::string kind = value(i, arg);
      if (kind == "tube") c.kind = domain::CodeKind::Tube;
      else if (kind == "box") c.kind = domain::CodeKind::Box;
      else throw UsageError("--kind: '" + kind + "' is not tube or box");
    } else if (arg == "--format") {
      const std::string name = value(i, arg);
      c.format = parseOutputFormat(name);
      if (!c.format) throw UsageError("--format: '" + name + "' is not png, svg, zpl or pdf");
    } else if (arg == "--out") {
      c.out = value(i, arg);
    } else if (arg == "--printer") {
      c.printer = value(i, arg);
    } else if (arg == "--config") {
      c.configFile = value(i, arg);
    } else if (arg == "--size") {
      c.size = value(i, arg);
    } else if (arg == "--dpi") {
      c.dpi = parseInt(arg, value(i, arg), 100, 600);
    } else if (arg == "--campaign") {
      c.campaign = value(i, arg);
    } else if (arg == "--pool-size") {
      c.poolSize = parseInt(arg, value(i, arg), 0, 99);
    } else if (arg == "--date") {
      c.date = value(i, arg);
      haveDate = true;
    } else if (arg == "--scan") {
      haveScan = true;
      while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) c.images.emplace_back(argv[++i]);
      if (c.images.empty()) throw UsageError("--scan needs at least one image file");
    } else {
      throw UsageError("unknown argument '" + arg + "' (see --help)");
    }
  }

  if (haveHelp) {
    c.mode = CommandLine::Mode::Help;
    return c;
  }
  const int modes = int(haveCodes) + int(haveCount) + int(haveScan);
  if (modes == 0) throw UsageError("say where codes come from: --codes FILE, --count N or --scan IMAGE (see --help)");
  if (modes > 1) throw UsageError("--codes, --count and --scan exclude each other");
  if (haveScan) {
    c.mode = CommandLine::Mode::Scan;
    return c;
  }
  c.mode = haveCodes ? CommandLine::Mode::Codes : CommandLine::Mode::Count;
  if (haveCount) {
    if (c.server.empty()) throw UsageError("--count needs --server URL");
    if (c.user.empty()) throw UsageError("--count needs --user NAME");
  } else if (!c.server.empty() || !c.user.empty()) {
    throw UsageError("--server and --user go with --count, not --codes");
  }
  if (!c.printer.empty()) {
    if (!c.format) c.format = OutputFormat::Zpl;
    if (*c.format != OutputFormat::Zpl) throw UsageError("--printer prints ZPL: use --format zpl or leave it out");
  } else {
    if (!c.format) throw UsageError("--format png|svg|zpl|pdf is required");
    if (c.out.empty()) throw UsageError("--out PATH is required (or --printer HOST:PORT)");
  }
  if (!haveDate) c.date = "today";
  if (c.date == "none") c.date.clear();
  return c;
}

}  // namespace natlims::labels::tool
