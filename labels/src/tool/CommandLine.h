#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/LabelOutput.h"

namespace natlims::labels::tool {

/// A command line that cannot be run; the message is the one-line reason.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// What lims-labels was asked to do, checked for consistency (see usage()).
struct CommandLine {
  enum class Mode { Help, Codes, Count, Scan };
  Mode mode = Mode::Help;

  std::string codesFile;                      // --codes FILE ("-" = standard input)
  int count = 0;                              // --count N
  std::string server;                         // --server URL
  std::string user;                           // --user NAME
  domain::CodeKind kind = domain::CodeKind::Tube;  // --kind tube|box
  std::optional<OutputFormat> format;         // --format
  std::string out;                            // --out PATH ("-" = standard output)
  std::string printer;                        // --printer HOST:PORT
  std::string configFile;                     // --config FILE
  std::string size;                           // --size WxH (mm)
  int dpi = 0;                                // --dpi N
  std::string campaign;                       // --campaign NAME
  int poolSize = 0;                           // --pool-size N
  std::string date;                           // --date YYYY-MM-DD | none (default today)
  std::vector<std::string> images;            // --scan IMAGE...
};

/// Parses and checks argv; throws UsageError with a one-line reason.
CommandLine parseCommandLine(int argc, const char* const argv[]);

/// The --help text.
std::string usage();

}  // namespace natlims::labels::tool
