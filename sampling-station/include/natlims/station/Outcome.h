#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::station {

/// The answer to one scan, shown on the screen and written by --script as one line.
struct Outcome {
  enum class Status {
    Done,     // journaled (durable) and done
    Prompt,   // nothing journaled; the operator must do something next (scan a tube, a courier...)
    Refused,  // nothing journaled; the scan was refused (reason in message)
    Ignored,  // nothing to do (blank line, the open tube scanned again)
  };
  Status status = Status::Ignored;
  std::string code;     // machine-readable: registered, tube_opened, duplicate, invalid_id, ...
  std::string message;  // for the operator; identity data masked
  std::string tube;     // the tube concerned, if any
  int count = 0;        // people in that tube after the scan
  int pool = 0;         // its pool size
  std::string box;      // the box concerned, if any
  std::vector<std::int64_t> seqs;  // journal entries written
};

std::string_view outcomeStatusName(Outcome::Status s);

}  // namespace natlims::station
