#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace natlims::links {

/// Limits of the HL7/MLLP link.
struct Hl7Options {
  /// A block that has started must end within this after its last byte, else it is discarded.
  /// Default: 30 s.
  std::chrono::milliseconds messageTimeout{30000};
  /// A larger message is refused with AR. Default: 4 MiB.
  std::size_t maxMessageBytes = 4 * 1024 * 1024;
  /// MSH-11 processing IDs taken; other messages get AR (code 202). Default: "P" (production).
  std::string acceptedProcessingIds = "P";
};

}  // namespace natlims::links
