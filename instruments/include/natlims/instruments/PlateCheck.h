#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/instruments/PlateLayout.h"
#include "natlims/instruments/RunData.h"

namespace natlims::instruments {

enum class PlateProblemKind {
  PlateSizeMismatch,   // the run is a 384-well run and the plate 96, or the reverse
  WellNotOnPlate,      // a reading outside the plate, or amplification in a well left empty
  UnknownSample,       // a sample name that is on no plate, or not the one laid out there
  TubeOfAnotherPlate,  // a tube that belongs to another plate
  WrongWell,           // a tube of this plate read in another well than laid out (a swap)
  DuplicateWell,       // one well twice for one target, or with two sample names
  NoSampleName,        // a laid-out well whose readings carry no sample name
  MissingResult,       // a laid-out well (or one of its kit targets) without a reading
};

/// "plate_size_mismatch", "well_not_on_plate", "unknown_sample", "tube_of_another_plate",
/// "wrong_well", "duplicate_well", "no_sample_name", "missing_result".
std::string_view plateProblemCode(PlateProblemKind kind);

struct PlateProblem {
  PlateProblemKind kind;
  std::string well;     // "A1" (empty for plate-wide problems)
  std::string sample;   // the sample name the run gave, when there is one
  std::string message;  // for a person
};

struct PlateCheck {
  std::vector<PlateProblem> problems;
  /// Wells the run has but the plate leaves empty, without a sample name and without any
  /// amplification (instruments export unused wells): listed, not problems.
  std::vector<std::string> ignoredWells;
  bool ok() const { return problems.empty(); }
};

/// The plate a tube code belongs to, if any (the server asks its store). May be empty.
using TubePlateLookup = std::function<std::optional<std::string>(const std::string& tube)>;

struct CheckOptions {
  /// Accept laid-out wells whose readings have no sample name (instrument run without the
  /// sample-setup file), trusting the position alone. Default: refuse (NoSampleName).
  bool acceptUnnamedWells = false;
  /// When given, every laid-out well must have a reading for each of the kit's targets.
  const Kit* kit = nullptr;
};

/// Checks a run against the plate it claims to be: every problem is listed, none is dropped.
/// Sample names are compared case-insensitively after trimming; control wells match the kit's
/// control name or an alias when `options.kit` is given.
PlateCheck checkRun(const PlateLayout& plate, const RunData& run,
                    const TubePlateLookup& plateOfTube = {}, const CheckOptions& options = {});

}  // namespace natlims::instruments
