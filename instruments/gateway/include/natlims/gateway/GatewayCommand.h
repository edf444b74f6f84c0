#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace natlims::gateway {

/// The parsed command line of instrument-gateway (docs/links.md "instrument-gateway").
struct GatewayCommand {
  enum class Kind { Help, Import, Watch, Listen };
  Kind kind = Kind::Help;
  std::string server;
  std::string user;
  std::string plate;                       // import, watch: ?plate=ID
  std::vector<std::string> files;          // import
  std::string dir;                         // watch
  std::string stateFile;                   // watch: --state
  std::chrono::milliseconds pollInterval{1000};  // watch: --poll-ms
  std::optional<std::uint16_t> astmPort;   // listen: --astm
  std::optional<std::uint16_t> hl7Port;    // listen: --hl7
  std::string bind = "0.0.0.0";            // listen: --bind
  std::chrono::milliseconds frameTimeout{30000};    // listen: --frame-timeout-ms
  std::chrono::milliseconds httpTimeout{10000};     // --timeout-ms
  std::string processingIds = "P";         // listen: --processing-ids
  bool verbose = false;
};

struct GatewayCommandParse {
  std::optional<GatewayCommand> command;
  std::string error;  // one line naming the argument at fault
};

/// Parses argv (argv[0] excluded).
GatewayCommandParse parseGatewayCommand(const std::vector<std::string>& args);

/// The --help text.
const char* gatewayUsage();

}  // namespace natlims::gateway
