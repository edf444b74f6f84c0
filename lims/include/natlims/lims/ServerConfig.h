#pragma once

#include <cstdint>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace natlims::lims {

/// Every setting of lims-server, read once at start from config/lims.ini (or --config) and
/// validated; handlers get the parts they need, never the file. config/lims.ini documents each
/// key; the defaults here are the same.
struct ServerConfig {
  // [server]
  std::string bind = "127.0.0.1";        // Default: loopback only.
  int port = 8080;                        // Default: 8080; 0 takes a free port.
  int threads = 384;                      // Default: 384 connections served at once (each keep-alive
                                          // connection holds a thread in Poco's HTTP server).
  int queue = 1024;                       // Default: 1024 accepted connections waiting for a thread.
  int keepAliveSeconds = 15;              // Default: 15 s idle before a keep-alive connection closes.
  std::int64_t maxBodyBytes = 1 << 20;    // Default: 1 MiB for JSON bodies (413 above).
  std::int64_t maxCsvBytes = 1LL << 30;   // Default: 1 GiB for a population CSV upload.
  int utcOffsetMinutes = 8 * 60;          // Default: +08:00, the offset times are shown in.

  // [store]
  std::string storeUrl;                   // Default: sqlite:<data dir>/lims.db
  int cacheMb = 64;                       // Default: 64 MiB page cache for the writer.
  int maxGroup = 4096;                    // Default: at most 4096 write jobs share one commit.
  int readers = 4;                        // Default: 4 read-only connections.
  int keepInMemoryMb = 16384;             // Default: hold up to 16 GiB of the database in memory.

  // [auth]
  int tokenTtlMinutes = 12 * 60;          // Default: a session lasts 12 hours (one shift).
  int pbkdf2Iterations = 120000;          // Default: 120,000 (minimum 100,000).
  int loginFailuresPerMinute = 5;         // Default: 5 failures per user or client per minute.

  // [log]
  bool accessLog = true;                  // Default: on; var/access.log, no identity numbers.

  // [lab]
  std::string kitsDir;                    // Default: empty = the kits built into the server
                                          // (config/kits/ at build time).
  int maxTransitMinutes = 240;            // Default: 4 h from handover to receipt.
  std::string tableMappings;              // Default: empty = the built-in Chinese/English
                                          // table mapping only; else an INI of [table NAME]
                                          // sections for instruments without a reader.

  // [lookup]
  int lookupsPerClientPerMinute = 600;    // Default: 600 result lookups per client address per minute.

  // [demo]
  double demoPeoplePerMinute = 60;        // Default: 60 people a minute at the demo's simulated
                                          // stations (only with --demo; 0 turns the simulation off).

  // [release]
  bool techMayReleaseNegatives = false;   // Default: false.

  // [reporting], [healthcode]
  std::string reportingEndpoint;          // Default: empty (reports wait in the outbox).
  std::string healthcodeEndpoint;         // Default: empty.

  /// Reads and validates the settings; `dataDir` resolves the default store path. Throws
  /// std::invalid_argument naming the key and the reason on a bad value.
  static ServerConfig load(const Poco::Util::AbstractConfiguration& file, const std::string& dataDir);
};

}  // namespace natlims::lims
