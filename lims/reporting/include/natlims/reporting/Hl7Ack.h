#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace natlims::reporting {

/// An HL7 v2 acknowledgement, as a receiver answered.
struct Hl7Ack {
  enum class Code { Accept, Error, Reject };
  Code code = Code::Accept;
  std::string codeText;   // MSA-1 as received: "AA", "AE", "AR" (or "CA", "CE", "CR")
  std::string controlId;  // MSA-2: the control id of the message acknowledged
  std::string text;       // MSA-3 and the ERR segments' diagnostics (ERR-8, ERR-3), unescaped
};

/// The outcome of reading an ACK: the ack, or why the bytes are not one.
struct Hl7AckParse {
  std::optional<Hl7Ack> ack;
  std::string error;
};

/// Parses an ACK (segments separated by CR, LF or CRLF; MLLP framing already removed): MSH
/// declaring its separators, then MSA with MSA-1 one of AA/AE/AR (original mode) or CA/CE/CR
/// (enhanced mode, mapped to the same codes). Never throws.
Hl7AckParse parseHl7Ack(std::string_view text);

}  // namespace natlims::reporting
