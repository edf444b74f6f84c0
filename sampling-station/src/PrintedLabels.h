#pragma once

#include <memory>
#include <string>

#include "natlims/station/LabelSink.h"

namespace natlims::labels {
class LabelMaker;
class LabelPrinter;
}  // namespace natlims::labels

namespace natlims::station {

/// Tube labels through natlims::labels: each label is rendered and verified by decoding it
/// (LabelMaker) and then sent as ZPL to a raw printer port (HOST:9100), or written as a one-label
/// PDF file (replaced atomically at each reprint).
class PrintedLabels : public LabelSink {
 public:
  /// `printer` "HOST:PORT" or, when empty, `pdfPath`. Nothing is opened before the first print.
  PrintedLabels(std::string printer, std::string pdfPath);
  ~PrintedLabels() override;

  std::string printTubeLabel(const std::string& code, const std::string& campaign, int poolSize) override;
  std::string describe() const override;

 private:
  std::string _printerAddress, _pdfPath;
  std::unique_ptr<labels::LabelMaker> _maker;
  std::unique_ptr<labels::LabelPrinter> _printer;
};

}  // namespace natlims::station
