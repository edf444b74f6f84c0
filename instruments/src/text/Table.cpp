#include "text/Table.h"

#include "readers/FormatError.h"

namespace natlims::instruments::detail {

Table parseDelimited(std::string_view text, char delimiter) {
  Table table;
  TableRow row;
  std::string cell;
  int line = 1;
  row.line = 1;
  std::size_t i = 0;
  bool atCellStart = true;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (atCellStart && c == '"') {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      const int startLine = line;
      ++i;
      bool closed = false;
      while (i < n) {
        const char q = text[i];
        if (q == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (q == '\n') ++line;
        cell += q;
        ++i;
      }
      if (!closed) {
        throw FormatError(ReadErrorKind::Truncated,
                          "line " + std::to_string(startLine) +
                              ": a quoted field never ends (the file looks cut short)");
      }
      atCellStart = false;
      continue;
    }
    if (c == delimiter) {
      row.cells.push_back(std::move(cell));
      cell.clear();
      atCellStart = true;
      ++i;
      continue;
    }
    if (c == '\n') {
      row.cells.push_back(std::move(cell));
      cell.clear();
      table.rows.push_back(std::move(row));
      row = TableRow{};
      ++line;
      row.line = line;
      atCellStart = true;
      ++i;
      continue;
    }
    cell += c;
    atCellStart = false;
    ++i;
  }
  if (!cell.empty() || !row.cells.empty()) {
    row.cells.push_back(std::move(cell));
    table.rows.push_back(std::move(row));
    table.lastRowComplete = false;
  }
  return table;
}

namespace {

bool isBlankText(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') continue;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

// Cyrillic letters that vendors put where Latin ones belong (7500 software writes "Cт" with
// U+0442). Keyed by the two UTF-8 bytes; folded to lower-case Latin.
char foldCyrillic(unsigned char b0, unsigned char b1) {
  const unsigned code = ((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu);
  switch (code) {
    case 0x0410: case 0x0430: return 'a';
    case 0x0412: case 0x0432: return 'b';
    case 0x0421: case 0x0441: return 'c';
    case 0x0415: case 0x0435: return 'e';
    case 0x041D: case 0x043D: return 'h';
    case 0x041A: case 0x043A: return 'k';
    case 0x041C: case 0x043C: return 'm';
    case 0x041E: case 0x043E: return 'o';
    case 0x0420: case 0x0440: return 'p';
    case 0x0422: case 0x0442: return 't';
    case 0x0425: case 0x0445: return 'x';
    case 0x0423: case 0x0443: return 'y';
    default: return 0;
  }
}

}  // namespace

bool isBlankRow(const TableRow& row) {
  for (const auto& c : row.cells) {
    if (!isBlankText(c)) return false;
  }
  return true;
}

const std::string& cellAt(const TableRow& row, int index) {
  static const std::string kEmpty;
  if (index < 0 || static_cast<std::size_t>(index) >= row.cells.size()) return kEmpty;
  return row.cells[static_cast<std::size_t>(index)];
}

std::string lowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string trim(std::string_view text) {
  auto blankAt = [&](std::size_t i, std::size_t& len) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t') {
      len = 1;
      return true;
    }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      len = 2;
      return true;
    }
    return false;
  };
  std::size_t begin = 0;
  std::size_t len = 0;
  while (begin < text.size() && blankAt(begin, len)) begin += len;
  std::size_t end = text.size();
  while (end > begin) {
    if (text[end - 1] == ' ' || text[end - 1] == '\t') {
      --end;
    } else if (end - begin >= 2 && static_cast<unsigned char>(text[end - 1]) == 0xA0 &&
               static_cast<unsigned char>(text[end - 2]) == 0xC2) {
      end -= 2;
    } else {
      break;
    }
  }
  return std::string(text.substr(begin, end - begin));
}

std::string normalizeHeader(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::string out;
  out.reserve(text.size());
  bool pendingSpace = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    bool blank = false;
    std::size_t skip = 0;
    if (c == ' ' || c == '\t' || c == '\n') {
      blank = true;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      blank = true;
      skip = 1;
    } else if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               static_cast<unsigned char>(text[i + 2]) == 0x80) {
      blank = true;  // U+3000 ideographic space
      skip = 2;
    }
    if (blank) {
      pendingSpace = !out.empty();
      i += skip;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    if ((c == 0xD0 || c == 0xD1) && i + 1 < text.size()) {
      if (const char folded = foldCyrillic(c, static_cast<unsigned char>(text[i + 1]))) {
        out += folded;
        ++i;
        continue;
      }
    }
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  if (out.size() >= 2 && out.front() == '"' && out.back() == '"') out = out.substr(1, out.size() - 2);
  return out;
}

HeaderIndex::HeaderIndex(const TableRow& header) {
  _names.reserve(header.cells.size());
  for (const auto& c : header.cells) _names.push_back(normalizeHeader(c));
}

int HeaderIndex::find(std::initializer_list<std::string_view> names) const {
  for (std::string_view wanted : names) {
    for (std::size_t i = 0; i < _names.size(); ++i) {
      if (_names[i] == wanted) return static_cast<int>(i);
    }
  }
  return -1;
}

int HeaderIndex::find(const std::vector<std::string>& names) const {
  for (const auto& raw : names) {
    const std::string wanted = normalizeHeader(raw);
    for (std::size_t i = 0; i < _names.size(); ++i) {
      if (_names[i] == wanted) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace natlims::instruments::detail
