#include "natlims/links/Hl7Segment.h"

#include "Text.h"

namespace natlims::links {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
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

}  // namespace natlims::links
