#pragma once

#include <cstddef>
#include <vector>

#include "natlims/station/JournalEntry.h"

namespace natlims::station {

/// Which of the queued entries (in seq order) may be sent together in one round.
///
/// Every entry touches a tube or a box (a seal touches its box and each of its tubes), and a
/// registration or an undo also touches its person. Entries on the same tube, box or person keep
/// their order: registrations of a tube may go out together, but an undo, a close, a seal or a
/// hand-over waits until every earlier entry on what it touches is answered, and every later
/// entry on it waits for it; two entries of one person (an undo and a new registration, a first
/// swab and a re-swab) never travel together. Entries on different tubes and boxes do not
/// wait for each other, so the registrations of the next tubes travel while the previous tube's
/// close is on its way; the server still sees every tube's and box's history in the operator's
/// order. Returns the indexes of the entries to send now (never empty for a non-empty input: the
/// first entry is always sendable).
std::vector<std::size_t> planSyncRound(const std::vector<JournalEntry>& queued);

}  // namespace natlims::station
