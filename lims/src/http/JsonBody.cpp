#include "http/JsonBody.h"

#include <Poco/JSON/Parser.h>

#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

JsonBody JsonBody::parse(const std::string& text) {
  Poco::Dynamic::Var root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(text);
  } catch (...) {
    throw ApiError(400, "malformed_json", "the request body is not valid JSON");
  }
  if (root.type() != typeid(Poco::JSON::Object::Ptr))
    throw ApiError(400, "malformed_json", "the request body must be a JSON object");
  return JsonBody(root.extract<Poco::JSON::Object::Ptr>());
}

bool JsonBody::has(const std::string& name) const { return _object->has(name) && !_object->isNull(name); }

std::optional<std::string> JsonBody::optionalString(const std::string& name, std::size_t maxBytes) const {
  if (!has(name)) return std::nullopt;
  const auto v = _object->get(name);
  if (!v.isString()) throw ApiError::invalid(name, name + " must be a string");
  std::string s = v.extract<std::string>();
  if (s.size() > maxBytes) throw ApiError::invalid(name, name + " is longer than " + std::to_string(maxBytes) + " bytes");
  if (!domain::isValidUtf8(s)) throw ApiError::invalid(name, name + " is not valid UTF-8");
  return s;
}

std::string JsonBody::requireString(const std::string& name, std::size_t maxBytes) const {
  auto s = optionalString(name, maxBytes);
  if (!s) throw ApiError::invalid(name, name + " is required");
  return *s;
}

std::optional<std::int64_t> JsonBody::optionalInt(const std::string& name, std::int64_t min, std::int64_t max) const {
  if (!has(name)) return std::nullopt;
  const auto v = _object->get(name);
  if (!v.isInteger()) throw ApiError::invalid(name, name + " must be a whole number");
  std::int64_t n = 0;
  try {
    n = v.convert<std::int64_t>();
  } catch (...) {
    throw ApiError::invalid(name, name + " is out of range");
  }
  if (n < min || n > max)
    throw ApiError::invalid(name, name + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return n;
}

std::int64_t JsonBody::requireInt(const std::string& name, std::int64_t min, std::int64_t max) const {
  auto n = optionalInt(name, min, max);
  if (!n) throw ApiError::invalid(name, name + " is required");
  return *n;
}

bool JsonBody::optionalBool(const std::string& name, bool fallback) const {
  if (!has(name)) return fallback;
  const auto v = _object->get(name);
  if (!v.isBoolean()) throw ApiError::invalid(name, name + " must be true or false");
  return v.extract<bool>();
}

std::vector<std::string> JsonBody::requireStringArray(const std::string& name, std::size_t maxItems) const {
  if (!has(name)) throw ApiError::invalid(name, name + " is required");
  const auto arr = _object->getArray(name);
  if (!arr) throw ApiError::invalid(name, name + " must be an array of strings");
  if (arr->size() > maxItems) throw ApiError::invalid(name, name + " has more than " + std::to_string(maxItems) + " items");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto v = arr->get(static_cast<unsigned>(i));
    if (!v.isString()) throw ApiError::invalid(name, name + "[" + std::to_string(i) + "] must be a string");
    out.push_back(v.extract<std::string>());
  }
  return out;
}

std::vector<JsonBody> JsonBody::requireObjectArray(const std::string& name, std::size_t maxItems) const {
  if (!has(name)) throw ApiError::invalid(name, name + " is required");
  const auto arr = _object->getArray(name);
  if (!arr) throw ApiError::invalid(name, name + " must be an array of objects");
  if (arr->size() > maxItems) throw ApiError::invalid(name, name + " has more than " + std::to_string(maxItems) + " items");
  std::vector<JsonBody> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto item = arr->getObject(static_cast<unsigned>(i));
    if (!item) throw ApiError::invalid(name, name + "[" + std::to_string(i) + "] must be an object");
    out.push_back(JsonBody(item));
  }
  return out;
}

}  // namespace natlims::lims
