#pragma once

#include <optional>
#include <string>
#include <vector>

#include "natlims/instruments/Interpretation.h"
#include "natlims/instruments/Kit.h"
#include "natlims/instruments/WellPosition.h"

namespace natlims::instruments {

/// One occupied well of a plate.
struct PlateWell {
  WellPosition position;
  SampleKind kind = SampleKind::Sample;
  std::string name;  // the tube code, or the control's name from the kit ("PC", "NC")
};

/// A laid-out plate. The server stores it and rebuilds it from storage; every field is plain.
struct PlateLayout {
  std::string plateId;      // the server's id; used in setup-file names and problem messages
  std::string kitId;
  std::string kitVersion;
  PlateFormat format;
  std::vector<PlateWell> wells;  // occupied wells only, in fill order

  /// The well at a position, or nullptr when it is empty.
  const PlateWell* at(WellPosition position) const;
  /// The well holding a tube (or control name), or nullptr.
  const PlateWell* find(std::string_view name) const;
  /// The wells as interpretation input.
  std::vector<WellAssignment> assignments() const;
};

/// Column-wise fills A1, B1 ... H1, A2 ... (the order of an 8-channel pipette); row-wise fills
/// A1, A2 ... A12, B1 ...
enum class FillOrder { ColumnWise, RowWise };

struct LayoutOptions {
  FillOrder order = FillOrder::ColumnWise;
  /// Refuse anything that is not a valid natlims tube code (domain::validateCode). Default on.
  bool requireTubeCodes = true;
};

struct LayoutOutcome {
  std::optional<PlateLayout> plate;
  std::string field;    // the input at fault: "wells", "tubes", "tubes[3]", "kit"
  std::string message;  // for a person
  bool ok() const { return plate.has_value(); }
};

/// Lays out `tubes` (in the order given) on a plate of `wells` wells (96 or 384), skipping the
/// kit's control wells, which get the kit's control names. Refuses (naming the field) a wrong
/// well count, a kit without control wells for that format, an empty list, a duplicate or
/// invalid tube code, or more tubes than the plate holds. Tube codes are stored canonical.
LayoutOutcome layoutPlate(const std::vector<std::string>& tubes, const Kit& kit, int wells,
                          const LayoutOptions& options = {});

}  // namespace natlims::instruments
