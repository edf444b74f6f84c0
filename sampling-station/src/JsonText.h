#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::station {

/// A small writer of compact JSON objects for request bodies: keys in the order written, strings
/// escaped per RFC 8259 (UTF-8 passed through). Deterministic, so a retried request carries the
/// same bytes as the first attempt.
class JsonText {
 public:
  JsonText& field(std::string_view key, std::string_view value) {
    key_(key);
    quote(value);
    return *this;
  }
  JsonText& field(std::string_view key, const char* value) { return field(key, std::string_view(value)); }
  JsonText& field(std::string_view key, std::int64_t value) {
    key_(key);
    _out += std::to_string(value);
    return *this;
  }
  JsonText& field(std::string_view key, int value) { return field(key, static_cast<std::int64_t>(value)); }
  JsonText& field(std::string_view key, bool value) {
    key_(key);
    _out += value ? "true" : "false";
    return *this;
  }
  template <typename Range>
  JsonText& array(std::string_view key, const Range& values) {
    key_(key);
    _out.push_back('[');
    bool first = true;
    for (const auto& v : values) {
      if (!first) _out.push_back(',');
      first = false;
      quote(v);
    }
    _out.push_back(']');
    return *this;
  }
  JsonText& intArray(std::string_view key, const std::vector<std::int64_t>& values) {
    key_(key);
    _out.push_back('[');
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) _out.push_back(',');
      _out += std::to_string(values[i]);
    }
    _out.push_back(']');
    return *this;
  }
  std::string str() const { return _out + "}"; }

 private:
  void key_(std::string_view key) {
    if (!_first) _out.push_back(',');
    _first = false;
    quote(key);
    _out.push_back(':');
  }
  void quote(std::string_view s) {
    _out.push_back('"');
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        _out.push_back('\\');
        _out.push_back(ch);
      } else if (c < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        _out += "\\u00";
        _out.push_back(kHex[c >> 4]);
        _out.push_back(kHex[c & 15]);
      } else {
        _out.push_back(ch);
      }
    }
    _out.push_back('"');
  }
  std::string _out = "{";
  bool _first = true;
};

}  // namespace natlims::station
