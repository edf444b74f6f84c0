#pragma once

#include <ostream>
#include <string>

#include "natlims/labels/LabelPrinter.h"

namespace natlims::labels {

/// Print jobs to a file (each job replaces it, written atomically) or to a stream such as
/// standard output (for `lp -o raw`). Errors are PrinterError (field "printer").
class FilePrinter : public LabelPrinter {
 public:
  explicit FilePrinter(std::string path);
  explicit FilePrinter(std::ostream& stream);

  void print(std::string_view job) override;
  std::string describe() const override;

 private:
  std::string _path;
  std::ostream* _stream = nullptr;
};

}  // namespace natlims::labels
