// lims-labels: makes tube/box labels from a code list or from codes the server allocates, in
// PNG, SVG, ZPL II or PDF, or sends them to a label printer; and scans label images. See usage().
#include <Poco/DateTimeFormatter.h>
#include <Poco/LocalDateTime.h>
#include <Poco/NumberParser.h>

#include <iostream>

#include "CodeList.h"
#include "CodeServerClient.h"
#include "CommandLine.h"
#include "Password.h"
#include "natlims/labels/LabelConfig.h"
#include "natlims/labels/LabelError.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/LabelOutput.h"
#include "natlims/labels/RawTcpPrinter.h"
#include "natlims/labels/Scanner.h"

namespace {

using namespace natlims::labels;
using natlims::labels::tool::CommandLine;

constexpr int kFailed = 1;
constexpr int kBadInput = 2;

// Control characters in scanned text would break the one-line-per-code output.
std::string printable(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 0xf]);
      out.push_back(kHex[static_cast<unsigned char>(c) & 0xf]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

int runScan(const CommandLine& cl) {
  int status = 0;
  for (const std::string& path : cl.images) {
    ScanOptions options;
    options.sweepDataMatrix = true;  // a batch tool: thoroughness before speed
    const auto codes = scanImageFile(path, options);
    if (codes.empty()) {
      std::cerr << "lims-labels: no code found in " << path << "\n";
      status = kFailed;
    }
    for (const ScannedCode& code : codes) {
      std::cout << path << '\t' << symbolFormatName(code.format) << '\t' << printable(code.text) << '\t';
      for (std::size_t i = 0; i < code.corners.size(); ++i)
        std::cout << (i ? " " : "") << code.corners[i].x << ',' << code.corners[i].y;
      std::cout << '\n';
    }
  }
  return status;
}

LabelConfig configFor(const CommandLine& cl) {
  LabelConfig config = cl.configFile.empty() ? LabelConfig{} : loadLabelConfigFile(cl.configFile);
  if (!cl.size.empty()) {
    const auto x = cl.size.find('x');
    double w = 0, h = 0;
    if (x == std::string::npos || !Poco::NumberParser::tryParseFloat(cl.size.substr(0, x), w) ||
        !Poco::NumberParser::tryParseFloat(cl.size.substr(x + 1), h))
      throw tool::UsageError("--size: '" + cl.size + "' is not WIDTHxHEIGHT in millimetres (e.g. 50x25)");
    config.layout.widthMm = w;
    config.layout.heightMm = h;
  }
  if (cl.dpi > 0) config.layout.dpi = cl.dpi;
  validateLabelConfig(config);
  return config;
}

int run(int argc, char** argv) {
  const CommandLine cl = tool::parseCommandLine(argc, argv);
  if (cl.mode == CommandLine::Mode::Help) {
    std::cout << tool::usage();
    return 0;
  }
  if (cl.mode == CommandLine::Mode::Scan) return runScan(cl);

  const LabelConfig config = configFor(cl);
  LabelMaker maker(config);  // loads the font: fails before any code is allocated

  std::vector<std::string> codes;
  if (cl.mode == CommandLine::Mode::Codes) {
    codes = tool::readCodeFile(cl.codesFile);
  } else {
    tool::CodeServerClient client(cl.server);
    client.login(cl.user, tool::readPassword(cl.user));
    codes = client.allocate(cl.kind, cl.count);
  }

  std::string date = cl.date;
  if (date == "today") date = Poco::DateTimeFormatter::format(Poco::LocalDateTime(), "%Y-%m-%d");
  std::vector<LabelContent> contents;
  contents.reserve(codes.size());
  for (const std::string& code : codes) contents.push_back({code, cl.campaign, cl.poolSize, date});

  if (!cl.out.empty()) {
    const auto written = writeLabels(maker, *cl.format, contents, cl.out, std::cout);
    if (cl.out != "-")
      std::cerr << "lims-labels: " << contents.size() << " labels verified and written to " << cl.out << " ("
                << outputFormatName(*cl.format) << ")\n";
  }
  if (!cl.printer.empty()) {
    RawTcpPrinter printer = RawTcpPrinter::fromAddress(cl.printer, config.printer);
    printer.print(maker.zpl(contents));
    std::cerr << "lims-labels: " << contents.size() << " labels verified and sent to " << printer.describe() << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const tool::UsageError& e) {
    std::cerr << "lims-labels: " << e.what() << "\n";
    return kBadInput;
  } catch (const ContentError& e) {
    std::cerr << "lims-labels: " << e.what() << "\n";
    return kBadInput;
  } catch (const ConfigError& e) {
    std::cerr << "lims-labels: " << e.what() << "\n";
    return kBadInput;
  } catch (const ImageError& e) {
    std::cerr << "lims-labels: " << e.what() << "\n";
    return kBadInput;
  } catch (const std::exception& e) {
    // Verification, output, printer and server failures: the reason is already one line.
    std::cerr << "lims-labels: " << e.what() << "\n";
    return kFailed;
  }
}
