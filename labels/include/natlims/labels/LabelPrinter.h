#pragma once

#include <string>
#include <string_view>

namespace natlims::labels {

/// Where print jobs (ZPL II from LabelMaker::zpl) go. Programs hold a LabelPrinter chosen once
/// from configuration (RawTcpPrinter, FilePrinter) and pass it to what prints.
class LabelPrinter {
 public:
  virtual ~LabelPrinter() = default;
  /// Sends one job whole. Throws PrinterError (field "printer") when it cannot.
  virtual void print(std::string_view job) = 0;
  /// For messages: "printer 10.0.0.5:9100", "file labels.zpl".
  virtual std::string describe() const = 0;
};

}  // namespace natlims::labels
