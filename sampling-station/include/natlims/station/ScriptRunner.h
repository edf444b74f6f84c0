#pragma once

#include <atomic>
#include <ostream>
#include <string>

#include "natlims/station/Station.h"

namespace natlims::station {

/// --script FILE: feeds the file's lines to the station as scans, writes one JSON outcome line per
/// scan (and a line per refusal the server sends back), then waits until every journaled entry
/// has the server's answer. Lines handled by an earlier run with the same journal are skipped
/// (the journal records how far the script got, in the same transaction as the scan's entries).
///
/// Returns the exit status: 0 when the server accepted everything journaled, 1 when it refused
/// anything, 2 when the login was refused, 3 when stopped (`stop` set) before the end, 4 when the
/// file cannot be read.
int runScript(Station& station, const std::string& path, std::ostream& out, const std::atomic<bool>& stop);

/// Waits until nothing is queued (printing refusals and online/offline changes as JSON lines),
/// then prints the summary line. The tail of runScript, shared with --simulate. Same statuses.
int drainAndReport(Station& station, std::ostream& out, const std::atomic<bool>& stop);

}  // namespace natlims::station
