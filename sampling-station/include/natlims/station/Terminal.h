#pragma once

#include <string>
#include <string_view>

namespace natlims::station {

/// The controlling terminal in the mode the screen needs: no echo, no line editing (keys arrive
/// as typed, so function keys work), signals still delivered, the alternate screen, cursor hidden.
/// The previous mode is restored on destruction (and by restoreTerminalAtExit after a signal).
class Terminal {
 public:
  /// Takes over stdin/stdout. Throws std::runtime_error when stdin is not a terminal.
  Terminal();
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  /// Writes all of `bytes` to the terminal.
  void write(std::string_view bytes);
  /// Columns and rows (80x24 when unknown).
  std::pair<int, int> size() const;
};

/// Reads a password from the terminal without echo. Returns an empty string when there is none.
std::string promptPassword(const std::string& prompt);

}  // namespace natlims::station
