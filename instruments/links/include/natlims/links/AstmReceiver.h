#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/links/AstmOptions.h"
#include "natlims/links/LinkLog.h"
#include "natlims/links/StoreOutcome.h"

namespace natlims::links {

/// The receiving side of an ASTM E1381 link, independent of the transport: bytes in, replies out.
///
/// Neutral: ENQ is answered ACK and starts a transfer. Transfer: each frame is checked (frame
/// number, checksum) and answered ACK or NAK; a duplicate of the previous frame is ACKed and
/// ignored; frame numbers run 1..7, 0, 1...; ETB frames continue a record. After `maxFrameAttempts`
/// bad copies of one frame the transfer is aborted (NAK, then everything is refused until EOT).
/// EOT ends the transfer; a message without its L record is discarded, as on the frame timeout
/// (timeout()) and when the connection drops (connectionLost()).
///
/// Store before acknowledge: when a frame completes a message (its L record), that frame is not
/// answered until resolve() is called with the store outcome: Stored and Refused are ACKed (a
/// refusal is logged: sending it again unchanged will not help), Unavailable is NAKed and the frame
/// forgotten, so the instrument retransmits it (and, after its retries, keeps the message for
/// later). Nothing of a message is handed out before its L record arrived.
class AstmReceiver {
 public:
  enum class State { Neutral, Transfer, Aborted, AwaitingStore };

  AstmReceiver(AstmOptions options, LogSink log, std::string peer = {});

  /// Consumes `bytes` until they are all used or a complete message awaits resolve(); returns how
  /// many were consumed (the caller keeps the rest and passes them again after resolve()).
  std::size_t consume(std::string_view bytes);
  /// The replies produced so far (ACK, NAK bytes), in order; clears them.
  std::string takeReplies();
  /// The complete messages (record texts without CR, H first, L last) waiting for resolve().
  std::vector<std::vector<std::string>> takeCompletedMessages();
  /// The store outcome of the messages taken with takeCompletedMessages(): the worst outcome
  /// decides the held reply (Unavailable beats Refused beats Stored).
  void resolve(StoreOutcome::Kind outcome);
  /// The frame timer expired (see AstmOptions::frameTimeout).
  void timeout();
  /// The connection closed; whatever is incomplete is discarded.
  void connectionLost();

  State state() const { return _state; }
  /// True when the sender owes a frame or EOT: the frame timer should run.
  bool expectsFrame() const { return _state == State::Transfer || _state == State::Aborted; }

 private:
  enum class FrameState { Between, Text, Check1, Check2, Oversize };

  void onByte(char c);
  void onFrameEnd();
  void acceptFrameText(std::string_view text, bool endsRecord);
  void discardOpenMessage(std::string_view why);
  void abortTransfer(std::string_view why);
  void endTransfer();
  void reply(char c) { _replies.push_back(c); }
  void log(LogLevel level, const std::string& message) const;

  AstmOptions _options;
  LogSink _log;
  std::string _peer;

  State _state = State::Neutral;
  FrameState _frame = FrameState::Between;
  std::string _frameBody;   // FN .. text (without STX), until ETX/ETB
  char _terminator = 0;     // ETX or ETB of the frame being read
  char _check1 = 0;
  int _expectedFn = 1;      // the next frame number
  bool _anyFrame = false;   // a frame was accepted in this transfer (a duplicate is possible)
  int _badAttempts = 0;     // bad copies of the expected frame so far

  std::string _partial;                  // text of the record being received (no CR yet)
  std::vector<std::string> _open;        // records of the message being received, H first
  std::size_t _openBytes = 0;
  std::vector<std::vector<std::string>> _completed;  // messages of the held frame

  // What the held frame changed, to undo on Unavailable (the frame is NAKed and will come again).
  struct Snapshot {
    std::string partial;
    std::vector<std::string> open;
    std::size_t openBytes = 0;
    int expectedFn = 1;
    bool anyFrame = false;
  };
  std::optional<Snapshot> _beforeHeldFrame;
  std::string _replies;
};

}  // namespace natlims::links
