#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace natlims::planner {

/// A small streaming JSON writer: keys in the order written, numbers rounded to a given number of
/// decimals (no exponent notation, no -0), strings escaped (UTF-8 passed through).
class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& number(double number, int decimals = 3);
  JsonWriter& null();
  const std::string& str() const { return _out; }

 private:
  void separate();
  std::string _out;
  std::vector<bool> _first;  // per open container: nothing written in it yet
  bool _afterKey = false;
};

}  // namespace natlims::planner
