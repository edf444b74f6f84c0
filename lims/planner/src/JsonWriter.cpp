#include "JsonWriter.h"

#include <cmath>
#include <cstdio>

namespace natlims::planner {

void JsonWriter::separate() {
  if (_afterKey) {
    _afterKey = false;
    return;
  }
  if (!_first.empty()) {
    if (!_first.back()) _out.push_back(',');
    _first.back() = false;
  }
}

JsonWriter& JsonWriter::beginObject() {
  separate();
  _out.push_back('{');
  _first.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  _out.push_back('}');
  _first.pop_back();
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  separate();
  _out.push_back('[');
  _first.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  _out.push_back(']');
  _first.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  value(name);
  _out.push_back(':');
  _afterKey = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  separate();
  _out.push_back('"');
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': _out += "\\\""; break;
      case '\\': _out += "\\\\"; break;
      case '\n': _out += "\\n"; break;
      case '\r': _out += "\\r"; break;
      case '\t': _out += "\\t"; break;
      default:
        if (u < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", u);
          _out += buf;
        } else {
          _out.push_back(c);
        }
    }
  }
  _out.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  separate();
  _out += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  separate();
  _out += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::number(double number, int decimals) {
  if (!std::isfinite(number)) return null();
  separate();
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(number * scale) / scale;
  if (rounded == 0) rounded = 0;  // no "-0"
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, rounded);
  std::string s(buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  _out += s;
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  _out += "null";
  return *this;
}

}  // namespace natlims::planner
