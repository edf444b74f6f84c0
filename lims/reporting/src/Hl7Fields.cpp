#include "Hl7Fields.h"

#include "natlims/reporting/Hl7Escape.h"

namespace natlims::reporting::detail {

std::string hl7Components(std::initializer_list<std::string_view> components) {
  std::vector<std::string> parts;
  for (std::string_view c : components) parts.push_back(hl7Escape(c));
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out.push_back('^');
    out += parts[i];
  }
  return out;
}

Hl7SegmentWriter& Hl7SegmentWriter::raw(std::size_t n, std::string value) {
  if (_fields.size() < n) _fields.resize(n);
  _fields[n - 1] = std::move(value);
  return *this;
}

Hl7SegmentWriter& Hl7SegmentWriter::text(std::size_t n, std::string_view value) { return raw(n, hl7Escape(value)); }

std::string Hl7SegmentWriter::str() const {
  std::size_t last = _fields.size();
  while (last > 0 && _fields[last - 1].empty()) --last;
  std::string out = _name;
  for (std::size_t i = 0; i < last; ++i) {
    out.push_back('|');
    out += _fields[i];
  }
  return out;
}

}  // namespace natlims::reporting::detail
