#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace natlims::station {

/// One thing typed on the keyboard (or by a keyboard-wedge scanner).
struct KeyEvent {
  enum class Kind { Text, Enter, Backspace, FunctionKey, Escape };
  Kind kind = Kind::Text;
  std::string text;   // Text: UTF-8
  int function = 0;   // FunctionKey: 1..12
};

/// Turns the bytes read from a terminal in non-canonical mode into key events: printable text,
/// Enter (CR or LF), Backspace (DEL or BS), function keys F1..F12 in the xterm, VT100 and Linux
/// console encodings. Bytes of an incomplete escape sequence or UTF-8 character are kept until
/// the next feed().
class KeyDecoder {
 public:
  std::vector<KeyEvent> feed(std::string_view bytes);
  /// A lone ESC followed by nothing for a while is the Escape key: flush() delivers it.
  std::vector<KeyEvent> flush();

 private:
  std::string _pending;
  bool _afterCr = false;
};

}  // namespace natlims::station
