#include "natlims/links/MllpFramer.h"

#include "Text.h"

namespace natlims::links {

namespace {
constexpr char kStartBlock = 0x0B;
constexpr char kEndBlock = 0x1C;
constexpr char kCr = 0x0D;
constexpr char kLf = 0x0A;
// How much of a rejected block is kept: enough for its MSH segment (and MSH-10).
constexpr std::size_t kRejectedKeep = 4096;
}  // namespace

MllpFramer::MllpFramer(std::size_t maxMessageBytes) : _max(maxMessageBytes) {}

std::size_t MllpFramer::reset() {
  const std::size_t held = _message.size();
  _state = State::Idle;
  _message.clear();
  _oversize = false;
  return held;
}

void MllpFramer::feed(std::string_view bytes, std::vector<MllpEvent>& events) {
  auto flushJunk = [&] {
    if (_junk) {
      events.push_back({MllpEvent::Kind::Dropped, {},
                        "bytes outside an MLLP block ignored, starting " + text::showBytes(_junkSample, 16)});
      _junk = false;
      _junkSample.clear();
    }
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    switch (_state) {
      case State::Idle:
        if (c == kStartBlock) {
          flushJunk();
          _state = State::Block;
          _message.clear();
          _oversize = false;
        } else if (c != kCr && c != kLf) {
          _junk = true;
          if (_junkSample.size() < 16) _junkSample.push_back(c);
        }
        break;
      case State::Block:
        if (c == kEndBlock) {
          _state = State::AfterEnd;
        } else if (c == kStartBlock) {
          events.push_back({MllpEvent::Kind::Dropped, {},
                            "a start block (0x0B) inside a message: the partial message of " +
                                std::to_string(_message.size()) + " bytes is abandoned"});
          _message.clear();
          _oversize = false;
        } else if (_message.size() < _max) {
          _message.push_back(c);
        } else {
          _oversize = true;  // keep the head (its MSH) for the answer, count nothing more
        }
        break;
      case State::AfterEnd:
        _state = State::Idle;
        if (c != kCr) {
          if (_message.size() > kRejectedKeep) _message.resize(kRejectedKeep);
          events.push_back({MllpEvent::Kind::Rejected, std::move(_message),
                            "MLLP framing error: the end block 0x1C is not followed by 0x0D"});
          _message.clear();
          --i;  // the byte belongs to whatever comes next
          break;
        }
        if (_oversize) {
          if (_message.size() > kRejectedKeep) _message.resize(kRejectedKeep);
          events.push_back({MllpEvent::Kind::Rejected, std::move(_message),
                            "message larger than " + std::to_string(_max) + " bytes"});
        } else {
          events.push_back({MllpEvent::Kind::Message, std::move(_message), {}});
        }
        _message.clear();
        _oversize = false;
        break;
    }
  }
  flushJunk();
}

}  // namespace natlims::links
