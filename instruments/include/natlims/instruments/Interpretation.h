#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "natlims/instruments/CtValue.h"
#include "natlims/instruments/Kit.h"
#include "natlims/instruments/RunData.h"
#include "natlims/instruments/WellPosition.h"

namespace natlims::instruments {

/// The result of one tube: the contract's result values.
enum class TubeCall { Negative, Positive, Retest, Invalid };
/// "negative", "positive", "retest", "invalid".
std::string_view tubeCallName(TubeCall call);

/// What a single target's Ct means under the kit's cut-offs.
enum class TargetCall { Detected, GreyZone, NotDetected, NoReading };
/// "detected", "grey_zone", "not_detected", "no_reading".
std::string_view targetCallName(TargetCall call);

enum class SampleKind { Sample, PositiveControl, NegativeControl };
/// "sample", "positive_control", "negative_control" (the contract's plate well kinds).
std::string_view sampleKindName(SampleKind kind);

/// What a well of a run is supposed to hold: from the plate layout, or from sample names.
struct WellAssignment {
  WellPosition position;
  SampleKind kind = SampleKind::Sample;
  std::string name;  // tube code, or the control's name
};

struct TargetResult {
  std::string target;         // the kit's target name
  std::string dye;            // the kit's dye for it
  bool internalControl = false;
  CtValue ct;                 // the raw reading (Missing when the run had none)
  TargetCall call = TargetCall::NoReading;
};

struct WellResult {
  WellPosition position;
  std::string well;           // "A1"
  SampleKind kind = SampleKind::Sample;
  std::string name;
  TubeCall call = TubeCall::Invalid;    // what this well's own readings say
  TubeCall result = TubeCall::Invalid;  // the result to report: Invalid when the plate failed
  bool controlPassed = false;           // controls only
  std::string reason;                   // why, for a person ("N undetermined: single target")
  std::vector<TargetResult> targets;    // in kit order
};

/// A run interpreted under one kit. Results keep the raw Ct values, the kit and its version.
struct RunInterpretation {
  std::string kitId;
  std::string kitVersion;
  bool plateValid = false;
  std::vector<std::string> plateProblems;  // failed or missing controls
  std::vector<WellResult> controls;
  std::vector<WellResult> tubes;
  std::vector<std::string> warnings;       // readings that matched no kit target, etc.
};

/// The call for one target's Ct under `kit` (the internal control uses its own cut-off and has
/// no grey zone). Omitted readings count as NoReading.
TargetCall classifyTarget(const CtValue& ct, const Kit& kit, const KitTarget& target);

/// Interprets `run` for the wells in `assignments` (normally PlateLayout::assignments()).
/// Readings are matched to kit targets by name (or alias), then by dye family. Controls are
/// checked first; a failed or missing positive or negative control makes the plate invalid and
/// every tube's `result` Invalid (its own `call` is kept for review).
RunInterpretation interpretRun(const RunData& run, const Kit& kit,
                               const std::vector<WellAssignment>& assignments);

/// Assignments from the run's own sample names: a name equal to a control's name or alias
/// (case-insensitive) is that control; wells without a sample name are left out (and listed
/// in `skipped`).
std::vector<WellAssignment> assignmentsFromSampleNames(const RunData& run, const Kit& kit,
                                                       std::vector<std::string>* skipped = nullptr);

}  // namespace natlims::instruments
