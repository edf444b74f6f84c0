#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::links {

/// What the MLLP byte stream yielded.
struct MllpEvent {
  enum class Kind {
    Message,   // a complete block: `text` is the HL7 message
    Rejected,  // a block that ended but is not acceptable (too large, bad end): answer AR;
               // `text` holds its first bytes (to find MSH-10), `reason` why
    Dropped,   // bytes that are not a message (outside a block, a block abandoned by a new start
               // block): nothing to answer; `reason` says what, for the log
  };
  Kind kind;
  std::string text;
  std::string reason;
};

/// Splits an MLLP stream (0x0B message 0x1C 0x0D) into messages, byte by byte, whatever the
/// segmentation of the reads. CR and LF between blocks are ignored; other bytes there are dropped
/// (reported once per run). A start block inside a block abandons the partial message. An end
/// block not followed by CR rejects the message. A block over `maxMessageBytes` is rejected once
/// it ends.
class MllpFramer {
 public:
  explicit MllpFramer(std::size_t maxMessageBytes);

  void feed(std::string_view bytes, std::vector<MllpEvent>& events);
  /// True while a block is open (the connection dropping now loses a partial message).
  bool inMessage() const { return _state != State::Idle; }
  /// Abandons a partial message (timeout, connection lost); returns how many bytes it held.
  std::size_t reset();

 private:
  enum class State { Idle, Block, AfterEnd };

  std::size_t _max;
  State _state = State::Idle;
  std::string _message;
  bool _oversize = false;
  bool _junk = false;  // inside a run of bytes outside any block
  std::string _junkSample;
};

}  // namespace natlims::links
