#pragma once

#include <stdexcept>
#include <string>

#include "natlims/instruments/RunReader.h"

namespace natlims::instruments::detail {

/// Thrown inside the readers when a file cannot be read; readRun turns it into a ReadError
/// (prefixing the file name), so nothing half-read ever leaves the library.
class FormatError : public std::runtime_error {
 public:
  FormatError(ReadErrorKind kind, const std::string& message)
      : std::runtime_error(message), _kind(kind) {}
  ReadErrorKind kind() const { return _kind; }

 private:
  ReadErrorKind _kind;
};

}  // namespace natlims::instruments::detail
