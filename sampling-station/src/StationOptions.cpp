#include "natlims/station/StationOptions.h"

#include <stdexcept>

#include "natlims/domain/PreRegistration.h"
#include "natlims/domain/Utf8.h"

namespace natlims::station {

namespace {

std::int64_t parseInt(const std::string& opt, const std::string& v, std::int64_t min, std::int64_t max) {
  std::size_t used = 0;
  std::int64_t n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || v.empty() || n < min || n > max)
    throw std::invalid_argument(opt + " must be a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max) + ", not '" + v + "'");
  return n;
}

double parseDouble(const std::string& opt, const std::string& v, double min, double max) {
  std::size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || v.empty() || !(d >= min && d <= max))
    throw std::invalid_argument(opt + " must be a number from " + std::to_string(min) + " to " + std::to_string(max) +
                                ", not '" + v + "'");
  return d;
}

}  // namespace

std::string stationUsage() {
  return R"(usage: sampling-station --server URL --user NAME --station ID --campaign ID [options]

Registers people to pooled tubes at a sampling table: one scan per person, offline-first
(every scan is journaled on disk before it is acknowledged; a background sync uploads it).
The password comes from the environment variable LIMS_PASSWORD, or a prompt on the terminal.

  --server URL          lims-server address, e.g. http://127.0.0.1:8080
  --user NAME           the operator's account (role sampler)
  --station ID          this table's id (1..64 characters)
  --campaign ID         the screening round; optional once the journal knows it; on a terminal
                        without it, the round is picked from the server's list
  --journal FILE        the local journal (default station-<ID>.journal in this folder)
  --script FILE         read scan lines from FILE instead of the terminal; print one JSON
                        outcome line per scan; exit 0 once the server accepted everything
                        journaled, 1 if it refused anything, 2 on a bad login
  --simulate RATE       generate realistic people at RATE per hour (demo and load tests)
  --people N            with --simulate: stop after N people, then wait for the upload
  --speed X             with --simulate --people: run simulated time X times faster
  --seed N              with --simulate: random seed (default 1)
  --pool-size N         people per tube (1..20; default: the campaign's)
  --prereg-key BASE64   the server's pre-registration public key (default: fetched at login)
  --printer HOST:PORT   label printer for reprints (raw ZPL on port 9100)
  --labels-pdf FILE     write reprinted labels to a PDF file instead
  --offline             never contact a server (journal only)
  --retry-min MS        first back-off after a failed upload (default 500)
  --retry-max MS        longest back-off (default 30000)
  --timeout MS          timeout of one request (default 10000)
  --connections N       parallel connections for uploading a backlog (default 8)
  --batch-size N        registrations sent in one batch request when several are waiting
                        (1..1000, default 250; 1 sends one request per registration)
  --help                this text

Keys: F1 close tube, F2 undo, F3 reprint, F4 pack, F5 seal, F6 hand over, F7 re-swab, F10 quit.
The same words (close, undo, reprint, pack, seal, handover, resample, quit) may be typed or scanned.
)";
}

StationOptions parseStationOptions(const std::vector<std::string>& args) {
  StationOptions o;
  bool speedGiven = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
      continue;
    }
    if (a == "--offline") {
      o.offline = true;
      continue;
    }
    if (a.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + a + "' (see --help)");
    if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
    const std::string& v = args[++i];
    if (a == "--server") o.server = v;
    else if (a == "--user") o.user = v;
    else if (a == "--station") o.station = v;
    else if (a == "--campaign") o.campaign = parseInt(a, v, 1, INT64_MAX);
    else if (a == "--journal") o.journal = v;
    else if (a == "--script") o.script = v;
    else if (a == "--simulate") o.simulateRate = parseDouble(a, v, 1, 1e7);
    else if (a == "--people") o.people = static_cast<int>(parseInt(a, v, 1, 10'000'000));
    else if (a == "--speed") {
      o.speed = parseDouble(a, v, 0.01, 1e6);
      speedGiven = true;
    } else if (a == "--seed") o.seed = static_cast<unsigned>(parseInt(a, v, 0, UINT32_MAX));
    else if (a == "--pool-size") o.poolSize = static_cast<int>(parseInt(a, v, 1, 20));
    else if (a == "--prereg-key") o.preRegKey = v;
    else if (a == "--printer") o.printer = v;
    else if (a == "--labels-pdf") o.labelsPdf = v;
    else if (a == "--retry-min") o.retryMin = std::chrono::milliseconds(parseInt(a, v, 1, 3'600'000));
    else if (a == "--retry-max") o.retryMax = std::chrono::milliseconds(parseInt(a, v, 1, 3'600'000));
    else if (a == "--timeout") o.timeout = std::chrono::milliseconds(parseInt(a, v, 100, 600'000));
    else if (a == "--connections") o.connections = static_cast<int>(parseInt(a, v, 1, 64));
    else if (a == "--batch-size") o.batchSize = static_cast<int>(parseInt(a, v, 1, 1000));
    else throw std::invalid_argument("unknown option " + a + " (see --help)");
  }
  if (o.help) return o;
  if (o.station.empty()) throw std::invalid_argument("--station is required");
  if (!domain::checkPersonName(o.station, 64).empty() || o.station.find('/') != std::string::npos)
    throw std::invalid_argument("--station must be 1 to 64 printable characters without '/'");
  if (!o.offline) {
    if (o.server.empty()) throw std::invalid_argument("--server is required (or --offline)");
    if (o.server.rfind("http://", 0) != 0 && o.server.rfind("https://", 0) != 0)
      throw std::invalid_argument("--server must start with http:// or https://");
    if (o.user.empty()) throw std::invalid_argument("--user is required");
  }
  if (!o.script.empty() && o.simulateRate > 0) throw std::invalid_argument("--script and --simulate exclude each other");
  if ((o.people > 0 || speedGiven) && o.simulateRate <= 0)
    throw std::invalid_argument("--people and --speed need --simulate RATE");
  if (speedGiven && o.people == 0)
    throw std::invalid_argument("--speed needs --people (a faster clock must not run into the future)");
  if (o.retryMax < o.retryMin) throw std::invalid_argument("--retry-max must not be below --retry-min");
  if (!o.preRegKey.empty() && !domain::ed25519PublicKeyFromBase64(o.preRegKey))
    throw std::invalid_argument("--prereg-key must be the base64 of a 32-byte Ed25519 public key");
  if (!o.printer.empty() && !o.labelsPdf.empty()) throw std::invalid_argument("--printer and --labels-pdf exclude each other");
  if (!o.printer.empty()) {
    const auto colon = o.printer.rfind(':');
    if (colon == std::string::npos || colon == 0) throw std::invalid_argument("--printer must be HOST:PORT");
    parseInt("--printer port", o.printer.substr(colon + 1), 1, 65535);
  }
  if (o.journal.empty()) o.journal = "station-" + o.station + ".journal";
  return o;
}

}  // namespace natlims::station
