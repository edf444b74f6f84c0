#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/station/Person.h"

namespace natlims::station {

/// What one journal entry records (docs/station.md, "Journal").
enum class EntryKind {
  OpenTube,   // local: a tube was scanned and opened
  Register,   // upload: POST /registrations
  Void,       // upload: POST /registrations/{id}/void (undo of `ref`)
  CloseTube,  // upload: POST /tubes/{code}/close (local when the tube stayed empty)
  OpenBox,    // local: packing into a box started
  PackTube,   // local: a closed tube went into the open box
  SealBox,    // upload: POST /boxes
  Handover,   // upload: POST /boxes/{code}/handover
};

std::string_view entryKindName(EntryKind kind);
std::optional<EntryKind> parseEntryKind(std::string_view name);

/// Where an entry stands with the server.
enum class EntryState {
  Local,    // never uploaded (local bookkeeping)
  Queued,   // waiting to be sent (or re-sent after a network failure)
  Sent,     // the server accepted it (2xx)
  Refused,  // the server refused it (4xx); errorCode/errorMessage say why
  Skipped,  // not sent because it became moot (the undo of a refused registration)
};

std::string_view entryStateName(EntryState state);
std::optional<EntryState> parseEntryState(std::string_view name);

/// True for kinds that the sync uploads.
bool isUploaded(EntryKind kind);

struct JournalEntry {
  std::int64_t seq = 0;  // assigned by the journal: the order of the operator's actions
  EntryKind kind = EntryKind::OpenTube;
  EntryState state = EntryState::Queued;
  std::int64_t at = 0;   // when the operator did it: ms since the Unix epoch (UTC)

  std::string tube;                  // OpenTube, Register, CloseTube, PackTube
  std::string box;                   // OpenBox, PackTube, SealBox, Handover
  std::string courier;               // Handover
  std::optional<Person> person;      // Register; Void: the person of the registration undone
  bool resample = false;             // Register: a deliberate re-swab
  std::string reason;                // Register (resample) and Void: why
  std::int64_t ref = 0;              // Void: seq of the registration undone
  int count = 0;                     // CloseTube: people in the tube; SealBox: tubes in the box
  std::vector<std::string> tubes;    // SealBox: the tubes

  // The server's answer, once there is one.
  std::string serverId;              // Register: the registration id
  int httpStatus = 0;
  std::string errorCode, errorMessage, errorField;
  std::int64_t answeredAt = 0;
};

}  // namespace natlims::station
