#include "natlims/labels/FilePrinter.h"

#include "natlims/labels/AtomicFile.h"
#include "natlims/labels/LabelError.h"

namespace natlims::labels {

FilePrinter::FilePrinter(std::string path) : _path(std::move(path)) {}

FilePrinter::FilePrinter(std::ostream& stream) : _stream(&stream) {}

void FilePrinter::print(std::string_view job) {
  if (_stream) {
    _stream->write(job.data(), static_cast<std::streamsize>(job.size()));
    _stream->flush();
    if (!*_stream) throw PrinterError("cannot write the print job to its stream", "printer");
    return;
  }
  try {
    writeFileAtomically(_path, job);
  } catch (const OutputError& e) {
    throw PrinterError(e.what(), "printer");
  }
}

std::string FilePrinter::describe() const { return _stream ? "stream" : "file " + _path; }

}  // namespace natlims::labels
