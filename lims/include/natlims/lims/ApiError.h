#pragma once

#include <stdexcept>
#include <string>

namespace natlims::lims {

/// An expected refusal of a request: its HTTP status, the contract's snake_case code, a message
/// for a person and the field at fault (empty when none). Thrown by handlers and by store jobs
/// (a store job that throws is rolled back, so a refused request changes nothing) and turned
/// into the contract's error JSON in exactly one place (the API request handler).
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, std::string field = {})
      : std::runtime_error(message), _status(status), _code(std::move(code)), _field(std::move(field)) {}

  int status() const { return _status; }
  const std::string& code() const { return _code; }
  const std::string& field() const { return _field; }

  static ApiError badRequest(const std::string& message, std::string field = {}) {
    return {400, "bad_request", message, std::move(field)};
  }
  static ApiError invalid(std::string field, const std::string& message) {
    return {422, "invalid", message, std::move(field)};
  }
  static ApiError conflict(std::string code, const std::string& message, std::string field = {}) {
    return {409, std::move(code), message, std::move(field)};
  }
  static ApiError notFound(std::string code, const std::string& message) { return {404, std::move(code), message}; }

 private:
  int _status;
  std::string _code;
  std::string _field;
};

}  // namespace natlims::lims
