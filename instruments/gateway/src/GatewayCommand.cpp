#include "natlims/gateway/GatewayCommand.h"

#include <charconv>

namespace natlims::gateway {

namespace {

std::optional<long long> number(const std::string& text, long long min, long long max) {
  long long v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < min || v > max) return std::nullopt;
  return v;
}

}  // namespace

const char* gatewayUsage() {
  return R"(instrument-gateway: sends PCR instrument results to the natlims server.

usage:
  instrument-gateway import FILE... --server URL --user NAME [--plate ID]
  instrument-gateway watch DIR      --server URL --user NAME [--plate ID] [--poll-ms N] [--state FILE]
  instrument-gateway listen [--astm PORT] [--hl7 PORT] --server URL --user NAME [--bind ADDR]
                            [--frame-timeout-ms N] [--processing-ids P]

  import   sends each file as it is (the server reads the format by content)
  watch    picks up files dropped into DIR once complete, moves them to DIR/done/ or DIR/refused/
  listen   ASTM E1381/E1394 and HL7 v2 (MLLP) links for instruments; prints
           "astm link listening on ADDR:PORT" / "hl7 link listening on ADDR:PORT" (port 0: any)

options:
  --server URL            the natlims server, e.g. http://127.0.0.1:8080
  --user NAME             a lab_tech account; the password comes from LIMS_PASSWORD or the terminal
  --plate ID              import/watch: the plate the files belong to (POST /api/v1/runs?plate=ID)
  --poll-ms N             watch: time between looks at DIR (default 1000)
  --state FILE            watch: what was imported (default DIR/.instrument-gateway-state)
  --bind ADDR             listen: address of the link ports (default 0.0.0.0)
  --frame-timeout-ms N    listen: ASTM receiver frame timeout (default 30000, E1381) and HL7
                          partial-message timeout
  --processing-ids P      listen: HL7 MSH-11 processing IDs taken (default P)
  --timeout-ms N          one request to the server (default 10000)
  --verbose               debug lines in the log
  --help                  this text
)";
}

GatewayCommandParse parseGatewayCommand(const std::vector<std::string>& args) {
  GatewayCommandParse result;
  GatewayCommand cmd;
  auto fail = [&](std::string why) {
    result.error = std::move(why);
    return result;
  };
  if (args.empty()) return fail("no command: import, watch or listen (see --help)");
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      result.command = GatewayCommand{};
      return result;
    }
  }
  const std::string& verb = args[0];
  if (verb == "import") {
    cmd.kind = GatewayCommand::Kind::Import;
  } else if (verb == "watch") {
    cmd.kind = GatewayCommand::Kind::Watch;
  } else if (verb == "listen") {
    cmd.kind = GatewayCommand::Kind::Listen;
  } else {
    return fail("unknown command '" + verb + "': import, watch or listen (see --help)");
  }

  std::vector<std::string> positional;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0) {
      positional.push_back(a);
      continue;
    }
    if (a == "--verbose") {
      cmd.verbose = true;
      continue;
    }
    if (i + 1 >= args.size()) return fail(a + ": a value is missing");
    const std::string& v = args[++i];
    if (a == "--server") {
      cmd.server = v;
    } else if (a == "--user") {
      cmd.user = v;
    } else if (a == "--plate" && cmd.kind != GatewayCommand::Kind::Listen) {
      cmd.plate = v;
    } else if (a == "--poll-ms" && cmd.kind == GatewayCommand::Kind::Watch) {
      const auto n = number(v, 10, 3600000);
      if (!n) return fail("--poll-ms: '" + v + "' is not a number of milliseconds from 10 to 3600000");
      cmd.pollInterval = std::chrono::milliseconds(*n);
    } else if (a == "--state" && cmd.kind == GatewayCommand::Kind::Watch) {
      cmd.stateFile = v;
    } else if ((a == "--astm" || a == "--hl7") && cmd.kind == GatewayCommand::Kind::Listen) {
      const auto n = number(v, 0, 65535);
      if (!n) return fail(a + ": '" + v + "' is not a port number (0-65535)");
      (a == "--astm" ? cmd.astmPort : cmd.hl7Port) = static_cast<std::uint16_t>(*n);
    } else if (a == "--bind" && cmd.kind == GatewayCommand::Kind::Listen) {
      cmd.bind = v;
    } else if (a == "--frame-timeout-ms" && cmd.kind == GatewayCommand::Kind::Listen) {
      const auto n = number(v, 10, 3600000);
      if (!n) return fail("--frame-timeout-ms: '" + v + "' is not a number of milliseconds from 10 to 3600000");
      cmd.frameTimeout = std::chrono::milliseconds(*n);
    } else if (a == "--processing-ids" && cmd.kind == GatewayCommand::Kind::Listen) {
      if (v.empty() || v.find_first_not_of("PDT") != std::string::npos) {
        return fail("--processing-ids: '" + v + "' must be letters among P, D and T");
      }
      cmd.processingIds = v;
    } else if (a == "--timeout-ms") {
      const auto n = number(v, 100, 600000);
      if (!n) return fail("--timeout-ms: '" + v + "' is not a number of milliseconds from 100 to 600000");
      cmd.httpTimeout = std::chrono::milliseconds(*n);
    } else {
      return fail("unknown option '" + a + "' for " + verb + " (see --help)");
    }
  }
  if (cmd.server.empty()) return fail("--server URL is required");
  if (cmd.user.empty()) return fail("--user NAME is required");
  switch (cmd.kind) {
    case GatewayCommand::Kind::Import:
      if (positional.empty()) return fail("import: no FILE given");
      cmd.files = positional;
      break;
    case GatewayCommand::Kind::Watch:
      if (positional.size() != 1) return fail("watch: give exactly one DIR");
      cmd.dir = positional[0];
      break;
    case GatewayCommand::Kind::Listen:
      if (!positional.empty()) return fail("listen: unexpected argument '" + positional[0] + "'");
      if (!cmd.astmPort && !cmd.hl7Port) return fail("listen: give --astm PORT, --hl7 PORT or both");
      break;
    case GatewayCommand::Kind::Help:
      break;
  }
  result.command = cmd;
  return result;
}

}  // namespace natlims::gateway
