#pragma once

#include <string>

namespace natlims::station {

/// Where reprinted tube labels go (a printer on HOST:9100 or a PDF file), behind a small interface
/// so that the station does not depend on how labels are drawn. Called on the station's print
/// thread (a printer that does not answer must not hold up scans), one label at a time.
class LabelSink {
 public:
  virtual ~LabelSink() = default;
  /// Prints the label of tube `code` (with the campaign's name and the pool size when known).
  /// Returns an empty string when done, else why not (for the screen).
  virtual std::string printTubeLabel(const std::string& code, const std::string& campaign, int poolSize) = 0;
  /// "printer 10.0.0.5:9100", "labels.pdf": for the screen.
  virtual std::string describe() const = 0;
};

}  // namespace natlims::station
