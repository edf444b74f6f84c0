#include "natlims/links/Hl7Message.h"

#include "Text.h"

namespace natlims::links {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool validSegmentName(std::string_view name) {
  if (name.size() != 3) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace

Hl7Segment::Hl7Segment(std::string text, const Hl7Encoding& encoding)
    : _text(std::move(text)), _encoding(encoding) {
  for (auto piece : text::split(_text, _encoding.field)) {
    _fields.emplace_back(static_cast<std::size_t>(piece.data() - _text.data()), piece.size());
  }
  _name = _text.substr(_fields.front().first, _fields.front().second);
}

std::string_view Hl7Segment::rawField(std::size_t n) const {
  if (_name == "MSH") {
    // "MSH|^~\&|A" splits into MSH, ^~\&, A: MSH-1 is the separator, MSH-2 is piece 1.
    if (n == 1) return std::string_view(&_encoding.field, 1);
    if (n == 0 || n - 1 >= _fields.size()) return {};
    return std::string_view(_text).substr(_fields[n - 1].first, _fields[n - 1].second);
  }
  if (n == 0 || n >= _fields.size()) return {};
  return std::string_view(_text).substr(_fields[n].first, _fields[n].second);
}

std::string Hl7Segment::get(std::size_t n, std::size_t c, std::size_t s) const {
  if (_name == "MSH" && n <= 2) return std::string(rawField(n));
  const auto field = rawField(n);
  const auto repetition = text::split(field, _encoding.repetition).front();
  const auto components = text::split(repetition, _encoding.component);
  if (c == 0 || c > components.size()) return {};
  const auto subs = text::split(components[c - 1], _encoding.subcomponent);
  if (s == 0 || s > subs.size()) return {};
  return unescape(subs[s - 1]);
}

std::size_t Hl7Segment::componentCount(std::size_t n) const {
  const auto field = rawField(n);
  if (field.empty()) return 0;
  return text::split(text::split(field, _encoding.repetition).front(), _encoding.component).size();
}

std::string Hl7Segment::unescape(std::string_view raw) const {
  const char esc = _encoding.escape;
  if (raw.find(esc) == std::string_view::npos) return std::string(raw);
  std::string out;
  std::size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] != esc) {
      out.push_back(raw[i++]);
      continue;
    }
    const auto close = raw.find(esc, i + 1);
    if (close == std::string_view::npos) {
      out.append(raw.substr(i));
      break;
    }
    const auto seq = raw.substr(i + 1, close - i - 1);
    if (seq == "F") {
      out.push_back(_encoding.field);
    } else if (seq == "S") {
      out.push_back(_encoding.component);
    } else if (seq == "T") {
      out.push_back(_encoding.subcomponent);
    } else if (seq == "R") {
      out.push_back(_encoding.repetition);
    } else if (seq == "E") {
      out.push_back(esc);
    } else if (seq == ".br") {
      out.push_back('\n');
    } else if (!seq.empty() && seq[0] == 'X') {
      for (std::size_t k = 1; k + 1 < seq.size(); k += 2) {
        const int hi = hexValue(seq[k]);
        const int lo = hexValue(seq[k + 1]);
        if (hi < 0 || lo < 0) break;
        out.push_back(static_cast<char>(hi * 16 + lo));
      }
    }
    i = close + 1;
  }
  return out;
}

Hl7Message::Parse Hl7Message::parse(std::string_view text) {
  Parse result;
  // Strip trailing segment separators / blanks a sender may add after the last segment.
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
  if (text.size() < 8 || text.substr(0, 3) != "MSH") {
    result.error = "the message does not start with an MSH segment";
    return result;
  }
  Hl7Encoding enc;
  enc.field = text[3];
  const auto msh2End = text.find(enc.field, 4);
  if (msh2End == std::string_view::npos) {
    result.error = "MSH-2 (encoding characters) is not followed by the field separator";
    return result;
  }
  const auto msh2 = text.substr(4, msh2End - 4);
  if (msh2.size() < 4 || msh2.size() > 5) {
    result.error = "MSH-2 must hold 4 or 5 encoding characters, it holds " + std::to_string(msh2.size());
    return result;
  }
  enc.component = msh2[0];
  enc.repetition = msh2[1];
  enc.escape = msh2[2];
  enc.subcomponent = msh2[3];
  enc.msh2 = std::string(msh2);
  const char all[] = {enc.field, enc.component, enc.repetition, enc.escape, enc.subcomponent};
  for (int i = 0; i < 5; ++i) {
    const auto u = static_cast<unsigned char>(all[i]);
    if (u <= 0x20 || u >= 0x7F || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z')) {
      result.error = "MSH-1/MSH-2 separators must be printable punctuation";
      return result;
    }
    for (int j = 0; j < i; ++j) {
      if (all[i] == all[j]) {
        result.error = "MSH-1/MSH-2 declare the same character twice";
        return result;
      }
    }
  }

  Hl7Message message;
  message._encoding = enc;
  std::size_t start = 0;
  std::size_t number = 0;
  while (start < text.size()) {
    auto end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    const auto segment = text.substr(start, end - start);
    start = end + 1;
    if (segment.empty()) continue;  // CRLF, or a blank line
    ++number;
    const auto name = segment.substr(0, segment.find(enc.field));
    if (!validSegmentName(name)) {
      result.error = "segment " + std::to_string(number) + " has no valid segment name";
      return result;
    }
    if (name == "MSH" && number != 1) {
      result.error = "a second MSH segment (segment " + std::to_string(number) + "): batches are not taken over MLLP";
      return result;
    }
    message._segments.emplace_back(std::string(segment), enc);
  }
  result.message = std::move(message);
  return result;
}

}  // namespace natlims::links
