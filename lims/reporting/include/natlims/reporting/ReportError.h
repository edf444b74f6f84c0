#pragma once

#include <stdexcept>
#include <string>

namespace natlims::reporting {

/// Input a builder cannot turn into a message: names the field at fault ("persons[2].id_number",
/// "specimen.tube") and says why, never echoing an identity number or a name. Thrown before
/// anything is built or sent, so a refused report has no effect.
class ReportError : public std::invalid_argument {
 public:
  ReportError(std::string field, const std::string& message)
      : std::invalid_argument(field + ": " + message), _field(std::move(field)) {}

  const std::string& field() const { return _field; }

 private:
  std::string _field;
};

}  // namespace natlims::reporting
