#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace natlims::lims {

/// A parsed JSON request body with accessors that refuse bad input with ApiError naming the
/// field: 400 for a body that is not a JSON object, 422 for a member of the wrong type or range.
class JsonBody {
 public:
  /// Parses `text`; throws ApiError 400 `malformed_json` (with no parser internals) on failure.
  static JsonBody parse(const std::string& text);

  bool has(const std::string& name) const;
  std::string requireString(const std::string& name, std::size_t maxBytes = 256) const;
  std::optional<std::string> optionalString(const std::string& name, std::size_t maxBytes = 256) const;
  std::int64_t requireInt(const std::string& name, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> optionalInt(const std::string& name, std::int64_t min, std::int64_t max) const;
  bool optionalBool(const std::string& name, bool fallback) const;
  /// An array of strings (at most `maxItems`), e.g. tube codes.
  std::vector<std::string> requireStringArray(const std::string& name, std::size_t maxItems) const;
  /// An array of objects (at most `maxItems`), each read with the same accessors.
  std::vector<JsonBody> requireObjectArray(const std::string& name, std::size_t maxItems) const;

  const Poco::JSON::Object& object() const { return *_object; }

 private:
  explicit JsonBody(Poco::JSON::Object::Ptr object) : _object(std::move(object)) {}
  Poco::JSON::Object::Ptr _object;
};

}  // namespace natlims::lims
