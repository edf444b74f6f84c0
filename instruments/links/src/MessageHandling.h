#pragma once

// What a link does with one complete message: parse, map, store, log (private to the library).

#include <string>
#include <vector>

#include "natlims/links/Hl7Options.h"
#include "natlims/links/LinkLog.h"
#include "natlims/links/RunSink.h"
#include "natlims/links/StoreOutcome.h"

namespace natlims::links {

/// Handles one ASTM message (record texts, H..L): refused when it cannot be parsed or mapped,
/// else stored through `sink`. Logs the outcome. Never throws.
StoreOutcome::Kind handleAstmMessage(const std::vector<std::string>& records, RunSink& sink,
                                     const LogSink& log, const std::string& peer);

/// Handles one HL7 message and returns the ACK to send (unframed): AA when stored, AE when its
/// content is refused (here or by the server), AR when it cannot be processed or the server is
/// unavailable (the sender may send it again). Logs the outcome. Never throws.
std::string handleHl7Message(const std::string& text, const Hl7Options& options, RunSink& sink,
                             const LogSink& log, const std::string& peer);

/// The AR answering a block the MLLP framing rejected (`head`: its first bytes).
std::string rejectHl7Block(const std::string& head, const std::string& reason, const LogSink& log,
                           const std::string& peer);

}  // namespace natlims::links
