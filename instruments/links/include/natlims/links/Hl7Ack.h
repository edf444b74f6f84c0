#pragma once

#include <string>
#include <string_view>

#include "natlims/links/Hl7Message.h"

namespace natlims::links {

/// An original-mode HL7 acknowledgement.
struct Hl7AckContent {
  std::string code = "AA";  // AA, AE or AR (MSA-1)
  std::string text;         // MSA-3 and ERR-8: the reason for a person (empty for AA)
  std::string errorCode;    // ERR-3 (table 0357) when not AA, e.g. "207"
};

/// The ACK (without MLLP framing) answering `message`: MSH with the sender's separators, sending
/// and receiving application/facility swapped, MSH-9 "ACK^<trigger>^ACK", a fresh control id, the
/// same processing ID and version; MSA|code|<MSH-10>|text; ERR when not AA. Text is escaped.
std::string buildHl7Ack(const Hl7Message& message, const Hl7AckContent& content);

/// An ACK for input that is not a readable message (no MSH to answer): MSA-2 is left empty.
std::string buildHl7AckWithoutMessage(const Hl7AckContent& content);

/// MLLP framing: 0x0B + `message` + 0x1C 0x0D.
std::string mllpFrame(std::string_view message);

}  // namespace natlims::links
