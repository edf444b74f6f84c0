#pragma once

#include <chrono>
#include <cstddef>

namespace natlims::links {

/// Timers and limits of the ASTM E1381 link. Defaults are the standard's; tests shorten them.
struct AstmOptions {
  /// Receiver: after each reply (ACK/NAK) the next frame or EOT must come within this, else the
  /// incomplete message is discarded and the link returns to neutral. Default: 30 s (E1381).
  std::chrono::milliseconds frameTimeout{30000};
  /// Sender: the receiver must answer ENQ within this, else the sender gives up with EOT.
  /// Default: 15 s (E1381).
  std::chrono::milliseconds establishmentTimeout{15000};
  /// Sender: each frame must be answered within this, else EOT. Default: 15 s (E1381). The
  /// receiver holds the ACK of a message's last frame until the server stored it, so the store
  /// must answer well within this (the gateway's HTTP timeout defaults to 10 s).
  std::chrono::milliseconds ackTimeout{15000};
  /// Sender: after a NAK to ENQ (receiver busy), wait this long before the next ENQ. Default: 10 s.
  std::chrono::milliseconds busyRetryDelay{10000};
  /// Transmissions of one frame, the first included, before the transfer is aborted: E1381 lets a
  /// sender retransmit 6 times, so the 7th bad copy aborts. Default: 7.
  int maxFrameAttempts = 7;
  /// Frames longer than the standard's 240 text bytes are accepted (GeneXpert and cobas c311 send
  /// a whole message in one frame) up to this; a longer frame is NAKed. Default: 64 KiB.
  std::size_t maxFrameText = 64 * 1024;
  /// A message (H..L) larger than this aborts the transfer. Default: 16 MiB.
  std::size_t maxMessageBytes = 16 * 1024 * 1024;
};

}  // namespace natlims::links
