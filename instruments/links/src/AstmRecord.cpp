#include "natlims/links/AstmRecord.h"

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

AstmRecord::AstmRecord(std::string text, const AstmDelimiters& delimiters)
    : _text(std::move(text)), _delimiters(delimiters) {
  for (auto piece : text::split(_text, _delimiters.field)) {
    _fields.emplace_back(static_cast<std::size_t>(piece.data() - _text.data()), piece.size());
  }
}

char AstmRecord::type() const {
  if (_text.empty()) return '\0';
  char c = _text[0];
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return c;
}

std::string_view AstmRecord::rawField(std::size_t n) const {
  if (n == 0 || n > _fields.size()) return {};
  return std::string_view(_text).substr(_fields[n - 1].first, _fields[n - 1].second);
}

std::vector<std::string> AstmRecord::components(std::size_t n) const {
  std::vector<std::string> out;
  auto field = rawField(n);
  if (n == 2 && type() == 'H') {  // the delimiter definition is not itself delimited
    out.emplace_back(field);
    return out;
  }
  const auto firstRepeat = text::split(field, _delimiters.repeat).front();
  for (auto piece : text::split(firstRepeat, _delimiters.component)) out.push_back(unescape(piece));
  return out;
}

std::string AstmRecord::component(std::size_t n, std::size_t c) const {
  const auto all = components(n);
  if (c == 0 || c > all.size()) return {};
  return all[c - 1];
}

std::string AstmRecord::unescape(std::string_view raw) const {
  const char esc = _delimiters.escape;
  if (raw.find(esc) == std::string_view::npos) return std::string(raw);
  std::string out;
  std::size_t i = 0;
  while (i < raw.size()) {
    if (raw[i] != esc) {
      out.push_back(raw[i++]);
      continue;
    }
    const auto close = raw.find(esc, i + 1);
    if (close == std::string_view::npos) {  // a lone escape character is kept as data
      out.append(raw.substr(i));
      break;
    }
    const auto seq = raw.substr(i + 1, close - i - 1);
    if (seq == "F") {
      out.push_back(_delimiters.field);
    } else if (seq == "S") {
      out.push_back(_delimiters.component);
    } else if (seq == "R") {
      out.push_back(_delimiters.repeat);
    } else if (seq == "E") {
      out.push_back(esc);
    } else if (!seq.empty() && (seq[0] == 'X' || seq[0] == 'x') && seq.size() % 2 == 1) {
      for (std::size_t k = 1; k + 1 < seq.size(); k += 2) {
        const int hi = hexValue(seq[k]);
        const int lo = hexValue(seq[k + 1]);
        if (hi < 0 || lo < 0) break;
        out.push_back(static_cast<char>(hi * 16 + lo));
      }
    }
    // Other sequences (highlighting, local escapes) carry no data: dropped.
    i = close + 1;
  }
  return out;
}

}  // namespace natlims::links
