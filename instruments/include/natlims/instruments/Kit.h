#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/instruments/WellPosition.h"

namespace natlims::instruments {

enum class TargetRole { Pathogen, InternalControl };

struct KitTarget {
  std::string name;                     // "ORF1ab"
  std::string dye;                      // reporter dye: "FAM", "VIC", "ROX", "CY5"
  std::vector<std::string> aliases;     // other names instruments use for it ("ORF1a/b")
  TargetRole role = TargetRole::Pathogen;
  std::string quencher = "None";        // written to ABI sample-setup files
  std::string loincCt;                  // LOINC of the Ct observation (may be empty)
  std::string loincPresence;            // LOINC of the target's detected/not detected
};

/// A control well's identity and expectations.
struct ControlSpec {
  std::string name;                     // the sample name on the plate ("PC", "NC")
  std::vector<std::string> aliases;     // other names a run may use for it
  std::vector<WellPosition> wells96;    // where layoutPlate puts it on a 96-well plate
  std::vector<WellPosition> wells384;   // ... on a 384-well plate
  std::optional<double> maxCt;          // positive control: every pathogen target <= this
};

/// An assay kit as described by its file in config/kits/ (format in docs/instruments.md).
struct Kit {
  std::string id;                       // "daan-orf1ab-n" (the file's base name)
  std::string version;                  // the kit file's own version, kept with each result
  std::string name;
  std::string manufacturer;
  std::string notes;
  std::vector<KitTarget> targets;       // pathogen targets and internal controls

  /// A pathogen target is detected at Ct <= positiveMaxCt (or < when !positiveInclusive).
  double positiveMaxCt = 40.0;
  bool positiveInclusive = true;
  /// Above the positive cut-off and <= greyMaxCt: grey zone (retest). None: no grey zone.
  std::optional<double> greyMaxCt;

  /// The internal control passes at Ct <= internalControlMaxCt (default: positiveMaxCt).
  std::optional<double> internalControlMaxCt;
  /// When the internal control must pass: only when no pathogen target is detected (a strong
  /// positive may suppress it), or always.
  enum class InternalControlRule { WhenTargetsNegative, Always };
  InternalControlRule internalControlRule = InternalControlRule::WhenTargetsNegative;

  /// Pathogen targets that must be detected for "positive"; 0 means all of them. Fewer than
  /// that, but at least one detected or in the grey zone, is "retest".
  int minPositiveTargets = 0;

  ControlSpec positiveControl;
  ControlSpec negativeControl;

  std::string resultLoinc;              // LOINC of the overall result (94500-6)
  std::string passiveReference = "None";  // written to ABI sample-setup files

  /// The control wells of this kit for a plate format, positive control first.
  std::vector<WellPosition> controlWells(PlateFormat format, bool positive) const;
  /// Pathogen targets, in file order.
  std::vector<const KitTarget*> pathogenTargets() const;
  /// The internal control target, if the kit has one.
  const KitTarget* internalControl() const;

  /// The target a reading belongs to: by name, alias or LOINC code first (ignoring case, blanks,
  /// '-', '_', '/'), then by dye family (VIC reads HEX, ...). Nullptr when neither matches.
  const KitTarget* matchTarget(std::string_view target, std::string_view dye) const;
};

/// A kit file that cannot be used; the message names the file and the field.
class KitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses a kit file (JSON, "format": "natlims-kit-v1"). `source` names it in messages.
/// Throws KitError naming the field at fault ("targets[1].dye: missing").
Kit parseKit(std::string_view json, std::string_view source);

/// Reads and parses one kit file; the kit id must equal the file's base name.
Kit loadKitFile(const std::string& path);

/// Dyes that read on the same instrument channel are one family: VIC/HEX/JOE, ROX/Texas Red,
/// CY5/Quasar 670, FAM/SYBR. Returns the family's name ("VIC", "ROX", "CY5", "FAM") or the
/// upper-cased dye when it has none.
std::string dyeFamily(std::string_view dye);

}  // namespace natlims::instruments
