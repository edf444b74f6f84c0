#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace natlims::station {

/// How the background sync talks to the server.
struct SyncSettings {
  std::string serverUrl;           // "http://HOST:PORT"
  std::string user;
  std::string password;            // kept in memory only
  std::string station;             // the station id sent with each registration
  std::int64_t campaignId = 0;
  std::string journalId;           // random id of the journal: Idempotency-Keys are "<journalId>-<seq>"
  std::optional<int> poolSize;     // --pool-size: sent with registrations (the server uses it for a tube's first)

  /// Back-off after a failed round: from retryMin doubling up to retryMax, with ±20 % jitter.
  /// Default: 500 ms .. 30 s.
  std::chrono::milliseconds retryMin{500};
  std::chrono::milliseconds retryMax{30000};
  /// Connect / send / receive timeout of one request. Default: 10 s.
  std::chrono::milliseconds timeout{10000};
  /// Connections used in parallel when there is a backlog (one when scans trickle in; the extra
  /// ones are closed once the backlog is gone). Default: 8 (docs/bench-station.md).
  int connections = 8;
  /// Oldest queued entries considered per round. Default: 1024 (bigger rounds wait less often for
  /// their slowest request: 256 drained at about half the rate).
  std::size_t window = 1024;
  /// Registrations per POST /api/v1/registrations/batch when more than one is waiting (1: one
  /// request per registration; the server takes at most 1,000). Default: 250. The server's own
  /// bench (docs/benchmarks.md) answers 100 entries in ~5–6 ms (15–20 k/s) and 1,000 in 35–53 ms
  /// (19–28 k/s): past a few hundred a bigger batch gains little, while it holds the server's
  /// single writer longer (other tables' live scans wait behind it: ~10–15 ms at 250, between
  /// those two figures), makes a resend after a lost answer longer, and needs more of the
  /// --timeout on a slow link. 250 gets most of the gain (the round trip and the commit shared by
  /// 250 entries) and keeps the request (under 100 KB) and the writer's hold small.
  std::size_t batchSize = 250;
  /// Keep at least this many unused box codes (fetched with POST /box-codes). Default: 2.
  int boxCodeStock = 2;
  /// Keep at least this many unused tube codes (the simulator's supply). Default: 0.
  int tubeCodeStock = 0;
};

}  // namespace natlims::station
