#include "natlims/station/KeyDecoder.h"

#include <array>
#include <utility>

namespace natlims::station {

namespace {

// Escape sequences of function keys: xterm (SS3 and CSI ~), rxvt/VT220 CSI 11~..14~, Linux console.
constexpr std::array<std::pair<std::string_view, int>, 24> kFunctionKeys{{
    {"\x1bOP", 1},     {"\x1bOQ", 2},     {"\x1bOR", 3},     {"\x1bOS", 4},
    {"\x1b[11~", 1},   {"\x1b[12~", 2},   {"\x1b[13~", 3},   {"\x1b[14~", 4},
    {"\x1b[[A", 1},    {"\x1b[[B", 2},    {"\x1b[[C", 3},    {"\x1b[[D", 4},
    {"\x1b[[E", 5},    {"\x1b[15~", 5},   {"\x1b[17~", 6},   {"\x1b[18~", 7},
    {"\x1b[19~", 8},   {"\x1b[20~", 9},   {"\x1b[21~", 10},  {"\x1b[23~", 11},
    {"\x1b[24~", 12},  {"\x1b[1P", 1},    {"\x1b[1Q", 2},    {"\x1b[1R", 3},
}};

std::size_t utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a stray continuation byte: taken alone and dropped below
}

// The length of a complete escape sequence at the start of `s`, 0 when it may still grow, or
// npos when it is not one we can tell apart (then it is skipped up to its final byte).
std::size_t escapeLength(std::string_view s) {
  if (s.size() < 2) return 0;
  if (s[1] == 'O') return s.size() >= 3 ? 3 : 0;
  if (s[1] != '[') return 1;  // ESC + something else: a lone Escape
  if (s.size() >= 3 && s[2] == '[') return s.size() >= 4 ? 4 : 0;  // Linux console F1..F5
  for (std::size_t i = 2; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x40 && c <= 0x7E) return i + 1;  // the final byte of a CSI sequence
  }
  return 0;
}

}  // namespace

std::vector<KeyEvent> KeyDecoder::feed(std::string_view bytes) {
  _pending.append(bytes);
  std::vector<KeyEvent> out;
  std::size_t i = 0;
  while (i < _pending.size()) {
    const unsigned char c = static_cast<unsigned char>(_pending[i]);
    if (c == 0x1b) {
      const std::string_view rest = std::string_view(_pending).substr(i);
      const std::size_t len = escapeLength(rest);
      if (len == 0) break;  // incomplete: wait for more
      const std::string_view seq = rest.substr(0, len);
      KeyEvent ev;
      ev.kind = KeyEvent::Kind::Escape;
      for (const auto& [text, n] : kFunctionKeys)
        if (seq == text) {
          ev.kind = KeyEvent::Kind::FunctionKey;
          ev.function = n;
        }
      // Unknown sequences (arrows, Home...) are dropped; a lone ESC is the Escape key.
      if (ev.kind == KeyEvent::Kind::FunctionKey || len == 1) out.push_back(ev);
      i += len;
      continue;
    }
    if (c == '\r' || c == '\n') {
      // CR LF from a scanner is one Enter, even when split across two reads.
      if (!(c == '\n' && _afterCr)) out.push_back({KeyEvent::Kind::Enter, {}, 0});
      _afterCr = c == '\r';
      ++i;
      continue;
    }
    _afterCr = false;
    if (c == 0x7f || c == 0x08) {
      out.push_back({KeyEvent::Kind::Backspace, {}, 0});
      ++i;
      continue;
    }
    if (c < 0x20) {  // other control characters: ignored
      ++i;
      continue;
    }
    const std::size_t len = utf8SequenceLength(c);
    if (i + len > _pending.size()) break;  // incomplete UTF-8 character
    if (c >= 0x80 && len == 1) {
      ++i;
      continue;
    }
    std::string text = _pending.substr(i, len);
    if (!out.empty() && out.back().kind == KeyEvent::Kind::Text)
      out.back().text += text;
    else
      out.push_back({KeyEvent::Kind::Text, std::move(text), 0});
    i += len;
  }
  _pending.erase(0, i);
  return out;
}

std::vector<KeyEvent> KeyDecoder::flush() {
  std::vector<KeyEvent> out;
  if (_pending == "\x1b") out.push_back({KeyEvent::Kind::Escape, {}, 0});
  _pending.clear();
  return out;
}

}  // namespace natlims::station
