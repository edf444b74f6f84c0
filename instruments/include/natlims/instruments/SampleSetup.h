#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "natlims/instruments/Kit.h"
#include "natlims/instruments/PlateLayout.h"

namespace natlims::instruments {

/// Instrument sample-setup files natlims writes, so that the instrument's sample names are
/// the tube codes.
enum class SetupFormat {
  Abi7500,      // 7500 Software v2.x "Import Plate Setup" text, standard block (sds7500)
  Abi7500Fast,  // the same for the Fast block (sds7500fast)
  QuantStudio,  // QuantStudio 3/5/6/7 plate-setup text (Well number + Well Position)
  BioRadCfx,    // CFX Manager / Maestro plate import CSV (Row, Column, *Target Name, ...)
};

/// Reads the `instrument` parameter: "abi7500", "abi7500fast", "quantstudio", "cfx"
/// (also "biorad-cfx", "biorad"). Case-insensitive; nullopt otherwise.
std::optional<SetupFormat> parseSetupFormat(std::string_view text);

/// The names parseSetupFormat accepts, for an error message.
std::string_view setupFormatNames();

struct SetupFile {
  std::string fileName;     // suggested download name ("plate-<id>-abi7500.txt")
  std::string contentType;  // "text/plain; charset=utf-8" or "text/csv; charset=utf-8"
  std::string bytes;        // CRLF line endings, as the Windows instrument software writes
};

/// One row per (well, kit target). ABI tasks: samples and positive controls UNKNOWN, the
/// negative control NTC. Throws std::invalid_argument when the plate's format does not suit
/// the instrument (the 7500 has a 96-well block only).
SetupFile writeSampleSetup(const PlateLayout& plate, const Kit& kit, SetupFormat format);

}  // namespace natlims::instruments
