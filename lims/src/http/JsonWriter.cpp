#include "http/JsonWriter.h"

#include <cmath>
#include <cstdio>

namespace natlims::lims {

void appendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void JsonWriter::separate() {
  if (_needComma) _out.push_back(',');
  _needComma = true;
}

JsonWriter& JsonWriter::open(char c) {
  separate();
  _out.push_back(c);
  _needComma = false;
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  _out.push_back(c);
  _needComma = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  separate();
  appendJsonString(_out, name);
  _out.push_back(':');
  _needComma = false;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  separate();
  appendJsonString(_out, s);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t v) {
  separate();
  _out += std::to_string(v);
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  separate();
  if (!std::isfinite(v)) {
    _out += "null";
    return *this;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  _out += buf;
  return *this;
}

JsonWriter& JsonWriter::value(bool v) {
  separate();
  _out += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  _out += json;
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  _out += "null";
  return *this;
}

}  // namespace natlims::lims
