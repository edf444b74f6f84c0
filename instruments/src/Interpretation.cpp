#include "natlims/instruments/Interpretation.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "text/Table.h"

namespace natlims::instruments {

namespace {

bool sameName(std::string_view a, std::string_view b) {
  return detail::lowerAscii(detail::trim(a)) == detail::lowerAscii(detail::trim(b));
}

bool isControlName(std::string_view name, const ControlSpec& spec) {
  if (sameName(name, spec.name)) return true;
  return std::any_of(spec.aliases.begin(), spec.aliases.end(), [&](const std::string& a) { return sameName(name, a); });
}

std::string ctText(const CtValue& ct) {
  switch (ct.state) {
    case CtValue::State::Value: {
      std::ostringstream s;
      s << ct.value;
      return s.str();
    }
    case CtValue::State::Undetermined: return "undetermined";
    case CtValue::State::Missing: return "no reading";
  }
  return "";
}

std::string describe(const TargetResult& t) { return t.target + " " + ctText(t.ct); }

WellResult evaluate(const WellAssignment& a, const std::vector<const WellReading*>& readings, const Kit& kit,
                    std::vector<std::string>& warnings) {
  WellResult w;
  w.position = a.position;
  w.well = wellLabel(a.position);
  w.kind = a.kind;
  w.name = a.name;
  std::map<const KitTarget*, const WellReading*> byTarget;
  std::vector<std::string> duplicates;
  for (const WellReading* r : readings) {
    const KitTarget* t = kit.matchTarget(r->target, r->dye);
    if (t != nullptr && !detail::trim(r->target).empty() && kit.matchTarget(r->target, "") == nullptr) {
      // A named target the kit does not know, placed by its dye: say so once (a wrong kit?).
      const std::string note = "target '" + r->target + "' (" + r->dye + ") is not a target name of kit " + kit.id +
                               ": read as " + t->name + " by its dye";
      if (std::find(warnings.begin(), warnings.end(), note) == warnings.end()) warnings.push_back(note);
    }
    if (t == nullptr) {
      warnings.push_back(w.well + ": reading '" + (r->target.empty() ? r->dye : r->target) + "' (" + r->dye +
                         ") matches no target of kit " + kit.id);
      continue;
    }
    if (!byTarget.emplace(t, r).second) duplicates.push_back(t->name);
  }
  for (const auto& t : kit.targets) {
    TargetResult tr;
    tr.target = t.name;
    tr.dye = t.dye;
    tr.internalControl = t.role == TargetRole::InternalControl;
    const auto it = byTarget.find(&t);
    if (it != byTarget.end()) {
      tr.ct = it->second->ct;
      tr.call = it->second->omitted ? TargetCall::NoReading : classifyTarget(tr.ct, kit, t);
    }
    w.targets.push_back(std::move(tr));
  }
  if (!duplicates.empty()) {
    w.call = TubeCall::Invalid;
    w.reason = "two readings for " + duplicates.front() + " in one well";
    return w;
  }
  std::vector<const TargetResult*> missing;
  std::vector<const TargetResult*> detected;
  std::vector<const TargetResult*> grey;
  const TargetResult* ic = nullptr;
  for (const auto& t : w.targets) {
    if (t.internalControl) {
      ic = &t;
      continue;
    }
    if (t.call == TargetCall::NoReading) missing.push_back(&t);
    else if (t.call == TargetCall::Detected) detected.push_back(&t);
    else if (t.call == TargetCall::GreyZone) grey.push_back(&t);
  }
  const auto pathogens = kit.pathogenTargets().size();
  if (a.kind == SampleKind::PositiveControl) {
    const auto maxCt = kit.positiveControl.maxCt;
    std::string failed;
    for (const auto& t : w.targets) {
      if (t.internalControl) continue;
      const bool ok = t.call == TargetCall::Detected && (!maxCt || t.ct.value <= *maxCt);
      if (!ok) failed += (failed.empty() ? "" : ", ") + describe(t);
    }
    w.controlPassed = failed.empty();
    w.call = w.controlPassed ? TubeCall::Positive : TubeCall::Invalid;
    w.reason = w.controlPassed ? "positive control as expected"
                               : "positive control failed: " + failed + (maxCt ? " (expected detected at Ct <= " + ctText(CtValue::number(*maxCt, "")) + ")" : " (expected detected)");
    return w;
  }
  if (a.kind == SampleKind::NegativeControl) {
    std::string failed;
    for (const auto& t : w.targets) {
      if (t.internalControl) continue;
      if (t.call != TargetCall::NotDetected) failed += (failed.empty() ? "" : ", ") + describe(t);
    }
    w.controlPassed = failed.empty();
    w.call = w.controlPassed ? TubeCall::Negative : TubeCall::Invalid;
    w.reason = w.controlPassed ? "negative control as expected" : "negative control failed: " + failed + " (expected no amplification)";
    return w;
  }
  if (!missing.empty()) {
    w.call = TubeCall::Invalid;
    w.reason = "no reading for " + missing.front()->target;
    return w;
  }
  const bool icMissing = ic != nullptr && ic->call == TargetCall::NoReading;
  const bool icFailed = ic != nullptr && ic->call != TargetCall::Detected;
  const std::size_t need = kit.minPositiveTargets > 0 ? static_cast<std::size_t>(kit.minPositiveTargets) : pathogens;
  if (kit.internalControlRule == Kit::InternalControlRule::Always && icFailed) {
    w.call = TubeCall::Invalid;
    w.reason = icMissing ? "no reading for " + ic->target : "internal control failed: " + describe(*ic);
    return w;
  }
  if (detected.size() >= need) {
    w.call = TubeCall::Positive;
    std::string list;
    for (const auto* t : detected) list += (list.empty() ? "" : ", ") + describe(*t);
    w.reason = "detected: " + list;
    return w;
  }
  if (!detected.empty() || !grey.empty()) {
    w.call = TubeCall::Retest;
    std::string list;
    for (const auto& t : w.targets) {
      if (!t.internalControl) list += (list.empty() ? "" : ", ") + describe(t);
    }
    w.reason = (!detected.empty() && grey.empty()) ? "single target: " + list
               : detected.empty()                 ? "grey zone: " + list
                                                  : "single target with grey zone: " + list;
    return w;
  }
  if (icMissing) {
    w.call = TubeCall::Invalid;
    w.reason = "no reading for " + ic->target;
    return w;
  }
  if (icFailed) {
    w.call = TubeCall::Invalid;
    w.reason = "internal control failed: " + describe(*ic) + " with no target detected";
    return w;
  }
  w.call = TubeCall::Negative;
  w.reason = "no target detected";
  return w;
}

}  // namespace

std::string_view tubeCallName(TubeCall call) {
  switch (call) {
    case TubeCall::Negative: return "negative";
    case TubeCall::Positive: return "positive";
    case TubeCall::Retest: return "retest";
    case TubeCall::Invalid: return "invalid";
  }
  return "invalid";
}

std::string_view targetCallName(TargetCall call) {
  switch (call) {
    case TargetCall::Detected: return "detected";
    case TargetCall::GreyZone: return "grey_zone";
    case TargetCall::NotDetected: return "not_detected";
    case TargetCall::NoReading: return "no_reading";
  }
  return "no_reading";
}

std::string_view sampleKindName(SampleKind kind) {
  switch (kind) {
    case SampleKind::Sample: return "sample";
    case SampleKind::PositiveControl: return "positive_control";
    case SampleKind::NegativeControl: return "negative_control";
  }
  return "sample";
}

TargetCall classifyTarget(const CtValue& ct, const Kit& kit, const KitTarget& target) {
  if (ct.state == CtValue::State::Missing) return TargetCall::NoReading;
  if (ct.state == CtValue::State::Undetermined) return TargetCall::NotDetected;
  if (target.role == TargetRole::InternalControl) {
    return ct.value <= kit.internalControlMaxCt.value_or(kit.positiveMaxCt) ? TargetCall::Detected : TargetCall::NotDetected;
  }
  const bool detected = kit.positiveInclusive ? ct.value <= kit.positiveMaxCt : ct.value < kit.positiveMaxCt;
  if (detected) return TargetCall::Detected;
  if (kit.greyMaxCt && ct.value <= *kit.greyMaxCt) return TargetCall::GreyZone;
  return TargetCall::NotDetected;
}

RunInterpretation interpretRun(const RunData& run, const Kit& kit, const std::vector<WellAssignment>& assignments) {
  RunInterpretation out;
  out.kitId = kit.id;
  out.kitVersion = kit.version;
  std::map<WellPosition, std::vector<const WellReading*>> byWell;
  for (const auto& r : run.wells) {
    if (r.positionKnown) {
      byWell[r.position].push_back(&r);
      continue;
    }
    // A link result without a well belongs to the well its sample name is assigned to.
    const auto a = std::find_if(assignments.begin(), assignments.end(),
                                [&](const WellAssignment& x) { return sameName(x.name, r.sample); });
    if (a != assignments.end()) {
      byWell[a->position].push_back(&r);
    } else {
      out.warnings.push_back("sample '" + r.sample + "' names no well and is not on the plate: its reading is not used");
    }
  }
  static const std::vector<const WellReading*> kNone;
  bool hasPositive = false;
  bool hasNegative = false;
  for (const auto& a : assignments) {
    const auto it = byWell.find(a.position);
    WellResult w = evaluate(a, it == byWell.end() ? kNone : it->second, kit, out.warnings);
    w.result = w.call;
    if (a.kind == SampleKind::Sample) {
      out.tubes.push_back(std::move(w));
      continue;
    }
    (a.kind == SampleKind::PositiveControl ? hasPositive : hasNegative) = true;
    if (!w.controlPassed) out.plateProblems.push_back(w.well + " (" + w.name + "): " + w.reason);
    out.controls.push_back(std::move(w));
  }
  if (!hasPositive) out.plateProblems.push_back("no positive control on the plate");
  if (!hasNegative) out.plateProblems.push_back("no negative control on the plate");
  out.plateValid = out.plateProblems.empty();
  if (!out.plateValid) {
    // A failed control says nothing can be trusted on this plate: every tube is rerun.
    for (auto& t : out.tubes) {
      t.result = TubeCall::Invalid;
      t.reason = "plate invalid (" + out.plateProblems.front() + "); own call " + std::string(tubeCallName(t.call)) +
                 ": " + t.reason;
    }
  }
  return out;
}

std::vector<WellAssignment> assignmentsFromSampleNames(const RunData& run, const Kit& kit, std::vector<std::string>* skipped) {
  std::vector<WellAssignment> out;
  std::map<WellPosition, std::size_t> index;
  for (const auto& r : run.wells) {
    if (!r.positionKnown) {
      // Without a plate nothing says where such a reading belongs.
      const std::string what = detail::trim(r.sample) + " (no well)";
      if (skipped != nullptr && std::find(skipped->begin(), skipped->end(), what) == skipped->end()) skipped->push_back(what);
      continue;
    }
    if (index.count(r.position) != 0) continue;
    if (detail::trim(r.sample).empty()) {
      if (skipped != nullptr && std::find(skipped->begin(), skipped->end(), wellLabel(r.position)) == skipped->end()) {
        skipped->push_back(wellLabel(r.position));
      }
      continue;
    }
    WellAssignment a;
    a.position = r.position;
    a.name = detail::trim(r.sample);
    if (isControlName(a.name, kit.positiveControl)) a.kind = SampleKind::PositiveControl;
    else if (isControlName(a.name, kit.negativeControl)) a.kind = SampleKind::NegativeControl;
    index[r.position] = out.size();
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace natlims::instruments
