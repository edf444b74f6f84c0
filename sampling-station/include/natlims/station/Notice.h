#pragma once

#include <cstdint>
#include <string>

#include "natlims/station/JournalEntry.h"

namespace natlims::station {

/// Something the operator must see that happened after the scan was answered: a refusal by the
/// server, or a label that could not be printed, with what to do about it. Identity data masked.
struct Notice {
  std::int64_t seq = 0;      // the journal entry, 0 for a failed print
  std::string kind;          // the entry's kind ("register", ...) or "print"
  std::string code;     // the server's error code (already_registered, tube_full, ...)
  std::string message;  // what happened
  std::string advice;   // what to do
};

/// The notice for a refused entry (or one skipped for a reason worth telling).
Notice noticeFor(const JournalEntry& refused);

}  // namespace natlims::station
