#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace natlims::lims {

/// Builds JSON text directly into a string: the hot responses (a registration answer) are small
/// and fixed in shape, so this avoids building a Poco::JSON tree per request. The caller keeps
/// the structure balanced; the writer adds commas and escapes strings.
class JsonWriter {
 public:
  JsonWriter& beginObject() { return open('{'); }
  JsonWriter& endObject() { return close('}'); }
  JsonWriter& beginArray() { return open('['); }
  JsonWriter& endArray() { return close(']'); }

  /// Starts a member: the next value belongs to `name`.
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t v);
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(double v);
  JsonWriter& value(bool v);
  JsonWriter& null();
  /// Inserts already-serialized JSON as the next value (e.g. a stored JSON column).
  JsonWriter& raw(std::string_view json);

  template <class T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  const std::string& str() const { return _out; }
  std::string take() { return std::move(_out); }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();

  std::string _out;
  bool _needComma = false;
};

/// Appends `s` as a quoted JSON string to `out`.
void appendJsonString(std::string& out, std::string_view s);

}  // namespace natlims::lims
