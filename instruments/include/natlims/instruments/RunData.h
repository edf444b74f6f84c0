#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "natlims/instruments/CtValue.h"
#include "natlims/instruments/WellPosition.h"

namespace natlims::instruments {

/// One reading of one target in one well: a multiplex well has one WellReading per target.
struct WellReading {
  WellPosition position;   // normalized row/column; meaningful only when positionKnown
  bool positionKnown = true;  // false for link results that name no well (cartridge systems):
                              // such a reading belongs to the well its sample name has on the plate
  std::string well;        // the well as the file wrote it ("A1", "A01", "13", "0"; "" if none)
  std::string sample;      // sample name on the instrument (the tube code, or a control name)
  std::string target;      // target name as written; may be empty (LightCycler 480, CFX)
  std::string dye;         // reporter dye / fluor as written ("FAM", "VIC", "HEX", "Cy5")
  std::string channel;     // the instrument's channel or filter when it says more ("465-510")
  std::string task;        // ABI task, CFX content, RDML sample type, when the file has one
  CtValue ct;
  bool omitted = false;    // excluded by the operator in the instrument software
  int sourceFile = 0;      // index into RunData::sources
  int line = 0;            // 1-based line (or spreadsheet row) in that file; 0 when none
};

/// A run as read from one or more result files, in a form common to every instrument.
struct RunData {
  std::string format;      // the reader: "abi-text", "abi-table", "abi-eds", "biorad-cfx",
                           // "lightcycler480", "rdml", "rdes", "table:<mapping>",
                           // "natlims-results-v1"
  std::string instrument;  // instrument type or name as the file states it (may be empty)
  std::string runId;       // experiment / run name from the file (may be empty)
  std::optional<PlateFormat> plate;  // plate geometry when the file states or implies it
  std::vector<std::pair<std::string, std::string>> metadata;  // header key/values, file order
  std::vector<std::string> sources;   // the input file names, in the order given
  std::vector<WellReading> wells;     // file order
  std::vector<std::string> warnings;  // facts a reviewer should see (none change a value)
};

}  // namespace natlims::instruments
