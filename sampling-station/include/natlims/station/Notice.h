#pragma once

#include <cstdint>
#include <string>

#include "natlims/station/JournalEntry.h"

namespace natlims::station {

/// Something the sync learned that the operator must see: a refusal by the server, with what to
/// do about it. Identity data masked.
struct Notice {
  std::int64_t seq = 0;
  EntryKind kind = EntryKind::Register;
  std::string code;     // the server's error code (already_registered, tube_full, ...)
  std::string message;  // what happened
  std::string advice;   // what to do
};

/// The notice for a refused entry (or one skipped for a reason worth telling).
Notice noticeFor(const JournalEntry& refused);

}  // namespace natlims::station
