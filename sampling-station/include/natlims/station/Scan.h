#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "natlims/domain/PreRegistration.h"
#include "natlims/station/Person.h"

namespace natlims::station {

/// The operator's commands, typed as words, scanned from a command card, or sent by a function key.
enum class Command { Close, Undo, Reprint, Pack, Seal, Handover, Resample, Quit };

std::string_view commandName(Command c);

/// What a scanned or typed line is, decided by its content alone (docs/station.md, "Scan
/// recognition").
enum class ScanKind {
  Empty,            // a blank line: ignored
  Tube,             // a valid tube code (check character verified)
  Box,              // a valid transfer-box code
  Courier,          // a valid courier code
  Person,           // a valid ID number (optionally followed by a name) or a verified pre-registration
  Command,          // one of Command
  Invalid,          // recognised in shape but refused: wrong check character, bad ID, forged code
  Unrecognised,     // none of the above
};

struct Scan {
  ScanKind kind = ScanKind::Unrecognised;
  std::string code;                  // Tube/Box/Courier: canonical code
  std::optional<natlims::station::Person> person;  // Person
  Command command = Command::Close;  // Command
  std::string reasonCode;            // Invalid/Unrecognised: machine code (bad_check_character, invalid_id, forged_code, ...)
  std::string reason;                // Invalid/Unrecognised: text for the operator, never the full ID number
};

/// Recognises one line from the scanner or keyboard. Never throws. Recognised, in this order:
///  - a command word (close, undo, reprint, pack, seal, handover / "hand over", resample, quit),
///    case-insensitive, optionally prefixed with "cmd:" or "*" as printed on command cards;
///  - a pre-registration payload (NLPR<n>.…), verified with `preRegKey`; refused as forged_code
///    when the signature fails, as no_key when the station has no key yet;
///  - a tube / box / courier code (domain::validateCode); a 10-symbol text of a code's shape with a
///    wrong check symbol is bad_check_character;
///  - "<id_type> <NAT> <number> [name]" typed in full (for foreign passports, which cannot be guessed);
///  - an ID number whose type domain::classifyIdNumber finds, optionally followed by blanks and a
///    name (as ID-card readers send it); digits of a resident ID's shape that fail are invalid_id.
Scan recognizeScan(std::string_view line, const std::optional<domain::Ed25519PublicKey>& preRegKey);

}  // namespace natlims::station
