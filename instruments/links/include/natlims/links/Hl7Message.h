#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/links/Hl7Segment.h"

namespace natlims::links {

/// An HL7 v2 message: segments separated by CR (LF and CRLF are tolerated), MSH first.
class Hl7Message {
 public:
  struct Parse;
  /// Parses `text`. A message must start with "MSH", declare its separators in MSH-1/MSH-2 and have
  /// segment names of three upper-case letters or digits.
  static Parse parse(std::string_view text);

  const Hl7Encoding& encoding() const { return _encoding; }
  const std::vector<Hl7Segment>& segments() const { return _segments; }
  const Hl7Segment& msh() const { return _segments.front(); }

 private:
  Hl7Encoding _encoding;
  std::vector<Hl7Segment> _segments;
};

struct Hl7Message::Parse {
  std::optional<Hl7Message> message;
  std::string error;  // when !message: what is wrong, for the AR answer
};

}  // namespace natlims::links
