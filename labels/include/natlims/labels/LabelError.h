#pragma once

#include <stdexcept>
#include <string>

namespace natlims::labels {

/// The base of every error the labels library throws. `field()` names what is at fault when one
/// thing is ("code", "campaign", "labels.dpi", "printer", ...), else it is empty. The message is
/// one line for a person and never holds personal data (labels carry none).
class LabelError : public std::runtime_error {
 public:
  LabelError(const std::string& message, std::string field = {})
      : std::runtime_error(message), _field(std::move(field)) {}
  const std::string& field() const { return _field; }

 private:
  std::string _field;
};

/// Content that cannot be put on a label: an invalid code, a name too long or with characters
/// the label font cannot draw, a bad date or pool size.
class ContentError : public LabelError {
 public:
  using LabelError::LabelError;
};

/// A configuration value out of range, or a layout that cannot hold a label; field is the key.
class ConfigError : public LabelError {
 public:
  using LabelError::LabelError;
};

/// A rendered label that does not decode to its own code. Such a label is never output.
class VerificationError : public LabelError {
 public:
  using LabelError::LabelError;
};

/// A file that cannot be written; nothing is left half-written.
class OutputError : public LabelError {
 public:
  using LabelError::LabelError;
};

/// A printer that cannot be reached or stops accepting data.
class PrinterError : public LabelError {
 public:
  using LabelError::LabelError;
};

/// An image that cannot be read: empty, corrupt, or in a format other than PNG and JPEG.
class ImageError : public LabelError {
 public:
  using LabelError::LabelError;
};

}  // namespace natlims::labels
