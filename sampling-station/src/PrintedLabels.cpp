#include "PrintedLabels.h"

#include <ctime>
#include <sstream>

#include "natlims/labels/LabelError.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/LabelOutput.h"
#include "natlims/labels/RawTcpPrinter.h"

namespace natlims::station {

namespace {

std::string today() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

PrintedLabels::PrintedLabels(std::string printer, std::string pdfPath)
    : _printerAddress(std::move(printer)), _pdfPath(std::move(pdfPath)) {}

PrintedLabels::~PrintedLabels() = default;

std::string PrintedLabels::describe() const {
  return _printerAddress.empty() ? "PDF " + _pdfPath : "printer " + _printerAddress;
}

std::string PrintedLabels::printTubeLabel(const std::string& code, const std::string& campaign, int poolSize) {
  try {
    // Made on first use: loading the font takes a moment, and a station that never reprints
    // should not fail to start because of a missing font.
    if (!_maker) _maker = std::make_unique<labels::LabelMaker>();
    labels::LabelContent content;
    content.code = code;
    content.campaign = campaign;
    content.poolSize = poolSize;
    content.date = today();
    if (!_printerAddress.empty()) {
      if (!_printer)
        _printer = std::make_unique<labels::RawTcpPrinter>(labels::RawTcpPrinter::fromAddress(_printerAddress));
      _printer->print(_maker->zpl(content));
    } else {
      std::ostringstream ignored;
      labels::writeLabels(*_maker, labels::OutputFormat::Pdf, {content}, _pdfPath, ignored);
    }
    return {};
  } catch (const labels::ContentError& e) {
    // A campaign name too long for the label (or in characters the font lacks) must not stop a
    // reprint: the code is what matters.
    if (campaign.empty()) return e.what();
    return printTubeLabel(code, {}, poolSize);
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace natlims::station
