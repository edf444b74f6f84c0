#include <string>

#include "readers/JsonReaders.h"

namespace natlims::instruments::detail {

namespace {

std::string lower(std::string_view s) { return lowerAscii(s); }

// &amp; &lt; &gt; &quot; &apos; &nbsp; &#NNN; &#xHH; (enough for exported cell texts).
std::string decodeEntities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += '&';
      continue;
    }
    const std::string name(s.substr(i + 1, semi - i - 1));
    char32_t cp = 0;
    if (name == "amp") cp = '&';
    else if (name == "lt") cp = '<';
    else if (name == "gt") cp = '>';
    else if (name == "quot") cp = '"';
    else if (name == "apos") cp = '\'';
    else if (name == "nbsp") cp = ' ';
    else if (!name.empty() && name[0] == '#') {
      try {
        cp = static_cast<char32_t>(name.size() > 1 && (name[1] == 'x' || name[1] == 'X') ? std::stoul(name.substr(2), nullptr, 16)
                                                                                          : std::stoul(name.substr(1)));
      } catch (...) {
        cp = 0;
      }
    }
    if (cp == 0 || cp > 0x10FFFF) {
      out += '&';
      continue;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    i = semi;
  }
  return out;
}

}  // namespace

Table htmlTable(std::string_view html) {
  Table table;
  const std::string low = lower(html);
  std::size_t at = low.find("<table");
  if (at == std::string::npos) return table;
  int line = 1;
  std::size_t counted = 0;
  auto lineAt = [&](std::size_t pos) {
    for (; counted < pos; ++counted) line += html[counted] == '\n' ? 1 : 0;
    return line;
  };
  while (true) {
    const std::size_t tr = low.find("<tr", at);
    if (tr == std::string::npos) break;
    const std::size_t trEnd = low.find("</tr", tr);
    const std::size_t rowEnd = trEnd == std::string::npos ? low.size() : trEnd;
    TableRow row;
    row.line = lineAt(tr);
    std::size_t cell = tr;
    while (true) {
      const std::size_t td = low.find("<td", cell);
      const std::size_t th = low.find("<th", cell);
      const std::size_t start = std::min(td, th);
      if (start == std::string::npos || start >= rowEnd) break;
      const std::size_t open = low.find('>', start);
      if (open == std::string::npos || open >= rowEnd) break;
      std::size_t close = low.find("</t", open);
      if (close == std::string::npos || close > rowEnd) close = rowEnd;
      // Strip inner tags (<font>, <b>, <br>) from the cell text.
      std::string text;
      bool inTag = false;
      for (std::size_t k = open + 1; k < close; ++k) {
        const char c = html[k];
        if (c == '<') inTag = true;
        else if (c == '>') inTag = false;
        else if (!inTag) text += (c == '\n' || c == '\r') ? ' ' : c;
      }
      row.cells.push_back(trim(decodeEntities(text)));
      cell = close + 1;
    }
    table.rows.push_back(std::move(row));
    if (trEnd == std::string::npos) break;
    at = trEnd + 4;
  }
  return table;
}

}  // namespace natlims::instruments::detail
