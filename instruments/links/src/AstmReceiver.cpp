#include "natlims/links/AstmReceiver.h"

#include "Text.h"
#include "natlims/links/AstmFrame.h"

namespace natlims::links {

namespace {

std::string_view withoutLeadingLf(std::string_view record) {
  while (!record.empty() && record.front() == astm::kLf) record.remove_prefix(1);
  return record;
}
bool isLRecord(std::string_view record) {
  record = withoutLeadingLf(record);
  return !record.empty() && (record[0] == 'L' || record[0] == 'l');
}
bool isHRecord(std::string_view record) {
  record = withoutLeadingLf(record);
  return !record.empty() && (record[0] == 'H' || record[0] == 'h');
}

}  // namespace

AstmReceiver::AstmReceiver(AstmOptions options, LogSink log, std::string peer)
    : _options(options), _log(log ? std::move(log) : nullLog()), _peer(std::move(peer)) {}

void AstmReceiver::log(LogLevel level, const std::string& message) const {
  _log(level, "astm " + (_peer.empty() ? std::string() : _peer + " ") + message);
}

std::size_t AstmReceiver::consume(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && _state != State::AwaitingStore) onByte(bytes[used++]);
  return used;
}

std::string AstmReceiver::takeReplies() {
  std::string out;
  out.swap(_replies);
  return out;
}

std::vector<std::vector<std::string>> AstmReceiver::takeCompletedMessages() {
  auto out = std::move(_completed);
  _completed.clear();
  return out;
}

void AstmReceiver::onByte(char c) {
  if (_state == State::Neutral) {
    if (c == astm::kEnq) {
      reply(astm::kAck);
      _state = State::Transfer;
      _frame = FrameState::Between;
      _expectedFn = 1;
      _anyFrame = false;
      _badAttempts = 0;
    } else if (c == astm::kStx) {
      log(LogLevel::Warning, "frame without a preceding ENQ ignored");
    }
    // EOT, CR, LF and noise in neutral carry nothing.
    return;
  }

  switch (_frame) {
    case FrameState::Between:
      if (c == astm::kStx) {
        _frameBody.clear();
        _frame = FrameState::Text;
      } else if (c == astm::kEot) {
        endTransfer();
      } else if (c == astm::kEnq) {
        // The sender started over (it gave up on the transfer without our seeing its EOT).
        discardOpenMessage("the sender sent ENQ again in the middle of a transfer");
        reply(astm::kAck);
        _state = State::Transfer;
        _expectedFn = 1;
        _anyFrame = false;
        _badAttempts = 0;
      }
      // CR/LF trailers (sent, or stored, in varying forms) and noise between frames are ignored.
      return;
    case FrameState::Text:
      if (c == astm::kEtx || c == astm::kEtb) {
        _terminator = c;
        _frame = FrameState::Check1;
      } else if (c == astm::kStx) {
        log(LogLevel::Warning, "STX inside a frame: the partial frame is dropped");
        _frameBody.clear();
      } else {
        _frameBody.push_back(c);
        if (_frameBody.size() > _options.maxFrameText + 1) {
          _frameBody.clear();
          _frame = FrameState::Oversize;
        }
      }
      return;
    case FrameState::Oversize:
      if (c == astm::kEtx || c == astm::kEtb) {
        _terminator = c;
        _frame = FrameState::Check1;
      }
      return;
    case FrameState::Check1:
      _check1 = c;
      _frame = FrameState::Check2;
      return;
    case FrameState::Check2: {
      const std::string received{_check1, c};
      _frame = FrameState::Between;
      const bool oversize = _frameBody.empty();
      if (_state == State::Aborted) {
        reply(astm::kNak);
        return;
      }
      std::string why;
      const char fnChar = oversize ? '?' : _frameBody[0];
      if (oversize) {
        why = "frame text longer than " + std::to_string(_options.maxFrameText) + " bytes";
      } else if (fnChar < '0' || fnChar > '7') {
        why = "frame number '" + text::showBytes(std::string(1, fnChar)) + "' is not 0-7";
      } else {
        std::string summed = _frameBody;
        summed.push_back(_terminator);
        const auto expected = astmChecksum(summed);
        if (text::upperAscii(received) != expected) {
          why = "bad checksum " + text::showBytes(received) + " (expected " + expected + ") on frame " + fnChar;
        } else {
          const int fn = fnChar - '0';
          if (fn == _expectedFn) {
            onFrameEnd();
            return;
          }
          if (_anyFrame && fn == (_expectedFn + 7) % 8) {
            log(LogLevel::Debug, "duplicate of frame " + std::string(1, fnChar) + " acknowledged and ignored");
            reply(astm::kAck);
            return;
          }
          why = "frame number " + std::string(1, fnChar) + " where " + std::to_string(_expectedFn) + " was expected";
        }
      }
      ++_badAttempts;
      if (_badAttempts >= _options.maxFrameAttempts) {
        abortTransfer(why + ": " + std::to_string(_badAttempts) + " bad copies of frame " +
                      std::to_string(_expectedFn));
      } else {
        log(LogLevel::Warning, "NAK: " + why + " (attempt " + std::to_string(_badAttempts) + ")");
      }
      reply(astm::kNak);
      return;
    }
  }
}

void AstmReceiver::onFrameEnd() {
  const int fnBefore = _expectedFn;
  const bool anyBefore = _anyFrame;
  _badAttempts = 0;
  _anyFrame = true;
  _expectedFn = (_expectedFn + 1) % 8;
  const std::string_view frameText = std::string_view(_frameBody).substr(1);

  // Does this frame complete an L record? Then its reply is held until the store outcome, and the
  // state before it is kept to undo the frame if the store is unavailable.
  bool endsMessage = false;
  {
    std::size_t start = 0;
    bool firstPiece = true;
    for (;;) {
      const auto cr = frameText.find(astm::kCr, start);
      std::string_view piece;
      if (cr == std::string_view::npos) {
        if (_terminator != astm::kEtx) break;  // the record continues in the next frame
        piece = frameText.substr(start);
      } else {
        piece = frameText.substr(start, cr - start);
      }
      const std::string_view head = firstPiece && !_partial.empty() ? std::string_view(_partial) : piece;
      if (isLRecord(head)) endsMessage = true;
      if (cr == std::string_view::npos) break;
      start = cr + 1;
      firstPiece = false;
    }
  }
  if (endsMessage) _beforeHeldFrame = Snapshot{_partial, _open, _openBytes, fnBefore, anyBefore};

  acceptFrameText(frameText, _terminator == astm::kEtx);

  if (_state == State::Aborted) {  // the message grew beyond its limit
    reply(astm::kNak);
    _beforeHeldFrame.reset();
    _completed.clear();
    return;
  }
  if (!_completed.empty()) {
    _state = State::AwaitingStore;
    return;
  }
  _beforeHeldFrame.reset();
  reply(astm::kAck);
}

void AstmReceiver::acceptFrameText(std::string_view frameText, bool endsRecord) {
  auto takeRecord = [this](std::string record) {
    // Some senders end records with CR LF inside the text: the LF is no part of the next record.
    const auto start = record.find_first_not_of(astm::kLf);
    record.erase(0, start == std::string::npos ? record.size() : start);
    if (record.empty()) return;
    if (isHRecord(record)) {
      if (!_open.empty()) discardOpenMessage("a new H record came before the L record");
    } else if (_open.empty()) {
      log(LogLevel::Warning, "record outside a message (before its H record) ignored: type " +
                                 text::showBytes(record.substr(0, 1)));
      return;
    }
    _openBytes += record.size() + 1;
    const bool last = isLRecord(record);
    _open.push_back(std::move(record));
    if (last) {
      _completed.push_back(std::move(_open));
      _open.clear();
      _openBytes = 0;
    }
  };

  std::size_t start = 0;
  for (;;) {
    const auto cr = frameText.find(astm::kCr, start);
    if (cr == std::string_view::npos) break;
    _partial.append(frameText.substr(start, cr - start));
    takeRecord(std::move(_partial));
    _partial.clear();
    start = cr + 1;
  }
  _partial.append(frameText.substr(start));
  // ETX ends the record even when the sender left out its CR.
  if (endsRecord && !_partial.empty()) {
    takeRecord(std::move(_partial));
    _partial.clear();
  }
  if (_openBytes + _partial.size() > _options.maxMessageBytes) {
    abortTransfer("message larger than " + std::to_string(_options.maxMessageBytes) + " bytes");
  }
}

void AstmReceiver::resolve(StoreOutcome::Kind outcome) {
  if (_state != State::AwaitingStore) return;
  _state = State::Transfer;
  if (outcome == StoreOutcome::Kind::Unavailable) {
    // Forget the frame: the sender retransmits it after our NAK and the message completes again.
    if (_beforeHeldFrame) {
      _partial = std::move(_beforeHeldFrame->partial);
      _open = std::move(_beforeHeldFrame->open);
      _openBytes = _beforeHeldFrame->openBytes;
      _expectedFn = _beforeHeldFrame->expectedFn;
      _anyFrame = _beforeHeldFrame->anyFrame;
    }
    _beforeHeldFrame.reset();
    _completed.clear();
    ++_badAttempts;
    if (_badAttempts >= _options.maxFrameAttempts) {
      abortTransfer("the server could not store the message after " + std::to_string(_badAttempts) +
                    " attempts; the instrument keeps it for a later transfer");
    }
    reply(astm::kNak);
    return;
  }
  _beforeHeldFrame.reset();
  _completed.clear();
  reply(astm::kAck);
}

void AstmReceiver::discardOpenMessage(std::string_view why) {
  if (!_open.empty() || !_partial.empty()) {
    log(LogLevel::Warning, "incomplete message discarded (" + std::to_string(_open.size()) +
                               " records, no L record): " + std::string(why) + "; nothing of it is stored");
  }
  _open.clear();
  _openBytes = 0;
  _partial.clear();
}

void AstmReceiver::abortTransfer(std::string_view why) {
  log(LogLevel::Error, "transfer aborted: " + std::string(why));
  discardOpenMessage("the transfer was aborted");
  _state = State::Aborted;
}

void AstmReceiver::endTransfer() {
  discardOpenMessage("EOT came before the L record");
  _state = State::Neutral;
  _frame = FrameState::Between;
}

void AstmReceiver::timeout() {
  if (!expectsFrame()) return;
  discardOpenMessage("no frame for " + std::to_string(_options.frameTimeout.count()) + " ms");
  log(LogLevel::Warning, "frame timeout: link back to neutral");
  _state = State::Neutral;
  _frame = FrameState::Between;
}

void AstmReceiver::connectionLost() {
  if (_state == State::AwaitingStore) return;  // the message is complete; its store goes on
  discardOpenMessage("the connection closed");
  _state = State::Neutral;
}

}  // namespace natlims::links
