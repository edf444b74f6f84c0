#include "natlims/instruments/Kit.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "text/Table.h"

namespace natlims::instruments {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Reads a kit document strictly: every key is known, every value has its type, and a fault
// names the file and the path of the field.
class KitParser {
 public:
  explicit KitParser(std::string_view source) : _source(source) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw KitError(std::string(_source) + ": " + field + ": " + what);
  }

  void onlyKeys(const Object::Ptr& o, const std::string& at, std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : *o) {
      bool known = false;
      for (auto a : allowed) known = known || key == a;
      if (!known) fail(at.empty() ? key : at + "." + key, "unknown field");
    }
  }

  std::string string(const Object::Ptr& o, const std::string& key, const std::string& at, bool required) const {
    const std::string field = at.empty() ? key : at + "." + key;
    if (!o->has(key) || o->isNull(key)) {
      if (required) fail(field, "missing");
      return {};
    }
    const auto v = o->get(key);
    if (!v.isString()) fail(field, "must be a string");
    std::string s = detail::trim(v.extract<std::string>());
    if (required && s.empty()) fail(field, "must not be empty");
    return s;
  }

  std::optional<double> number(const Object::Ptr& o, const std::string& key, const std::string& at) const {
    const std::string field = at.empty() ? key : at + "." + key;
    if (!o->has(key) || o->isNull(key)) return std::nullopt;
    const auto v = o->get(key);
    if (!v.isNumeric()) fail(field, "must be a number");
    const double d = v.convert<double>();
    if (!std::isfinite(d) || d <= 0 || d > 100) fail(field, "must be a Ct between 0 and 100");
    return d;
  }

  bool boolean(const Object::Ptr& o, const std::string& key, const std::string& at, bool fallback) const {
    if (!o->has(key) || o->isNull(key)) return fallback;
    const auto v = o->get(key);
    if (!v.isBoolean()) fail(at.empty() ? key : at + "." + key, "must be true or false");
    return v.convert<bool>();
  }

  Object::Ptr object(const Object::Ptr& o, const std::string& key, const std::string& at, bool required) const {
    const std::string field = at.empty() ? key : at + "." + key;
    if (!o->has(key) || o->isNull(key)) {
      if (required) fail(field, "missing");
      return nullptr;
    }
    Object::Ptr child = o->getObject(key);
    if (!child) fail(field, "must be an object");
    return child;
  }

  std::vector<std::string> strings(const Object::Ptr& o, const std::string& key, const std::string& at) const {
    const std::string field = at.empty() ? key : at + "." + key;
    std::vector<std::string> out;
    if (!o->has(key) || o->isNull(key)) return out;
    Array::Ptr a = o->getArray(key);
    if (!a) fail(field, "must be an array of strings");
    for (std::size_t i = 0; i < a->size(); ++i) {
      const auto v = a->get(static_cast<unsigned>(i));
      if (!v.isString()) fail(field + "[" + std::to_string(i) + "]", "must be a string");
      out.push_back(detail::trim(v.extract<std::string>()));
    }
    return out;
  }

  std::vector<WellPosition> wells(const Object::Ptr& o, const std::string& key, const std::string& at,
                                  PlateFormat format) const {
    std::vector<WellPosition> out;
    const auto labels = strings(o, key, at);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::string field = at + "." + key + "[" + std::to_string(i) + "]";
      const auto p = parseWellLabel(labels[i]);
      if (!p || !format.contains(*p)) fail(field, "'" + labels[i] + "' is not a well of a " + std::to_string(format.wells()) + "-well plate");
      out.push_back(*p);
    }
    return out;
  }

  ControlSpec control(const Object::Ptr& controls, const std::string& key, bool positive) const {
    const std::string at = "controls." + key;
    Object::Ptr c = object(controls, key, "controls", true);
    onlyKeys(c, at, {"name", "aliases", "max_ct", "wells_96", "wells_384"});
    ControlSpec spec;
    spec.name = string(c, "name", at, true);
    spec.aliases = strings(c, "aliases", at);
    spec.maxCt = number(c, "max_ct", at);
    if (!positive && spec.maxCt) fail(at + ".max_ct", "applies to the positive control only");
    spec.wells96 = wells(c, "wells_96", at, PlateFormat{8, 12});
    spec.wells384 = wells(c, "wells_384", at, PlateFormat{16, 24});
    if (spec.wells96.empty() && spec.wells384.empty()) fail(at, "needs wells_96 or wells_384");
    return spec;
  }

  Kit parse(std::string_view json) const {
    Object::Ptr root;
    try {
      Poco::JSON::Parser parser;
      root = parser.parse(std::string(json)).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
      throw KitError(std::string(_source) + ": not valid JSON: " + e.displayText());
    }
    if (!root) throw KitError(std::string(_source) + ": not a JSON object");
    onlyKeys(root, "", {"format", "id", "version", "name", "manufacturer", "notes", "result_loinc",
                        "passive_reference", "targets", "cutoffs", "internal_control", "min_positive_targets",
                        "controls"});
    if (string(root, "format", "", true) != "natlims-kit-v1") fail("format", "must be \"natlims-kit-v1\"");
    Kit kit;
    kit.id = string(root, "id", "", true);
    for (char c : kit.id) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) fail("id", "use lower-case letters, digits and '-'");
    }
    kit.version = string(root, "version", "", true);
    kit.name = string(root, "name", "", true);
    kit.manufacturer = string(root, "manufacturer", "", false);
    kit.notes = string(root, "notes", "", false);
    kit.resultLoinc = string(root, "result_loinc", "", false);
    if (root->has("passive_reference")) kit.passiveReference = string(root, "passive_reference", "", true);

    if (!root->has("targets")) fail("targets", "missing");
    Array::Ptr targets = root->getArray("targets");
    if (!targets || targets->size() == 0) fail("targets", "must be a non-empty array");
    std::set<std::string> names;
    std::set<std::string> dyes;
    for (std::size_t i = 0; i < targets->size(); ++i) {
      const std::string at = "targets[" + std::to_string(i) + "]";
      Object::Ptr t = targets->getObject(static_cast<unsigned>(i));
      if (!t) fail(at, "must be an object");
      onlyKeys(t, at, {"name", "dye", "aliases", "role", "quencher", "loinc_ct", "loinc_presence"});
      KitTarget target;
      target.name = string(t, "name", at, true);
      target.dye = string(t, "dye", at, true);
      target.aliases = strings(t, "aliases", at);
      const std::string role = string(t, "role", at, false);
      if (role.empty() || role == "pathogen") target.role = TargetRole::Pathogen;
      else if (role == "internal_control") target.role = TargetRole::InternalControl;
      else fail(at + ".role", "must be \"pathogen\" or \"internal_control\"");
      if (t->has("quencher")) target.quencher = string(t, "quencher", at, true);
      target.loincCt = string(t, "loinc_ct", at, false);
      target.loincPresence = string(t, "loinc_presence", at, false);
      if (!names.insert(detail::lowerAscii(target.name)).second) fail(at + ".name", "'" + target.name + "' appears twice");
      if (!dyes.insert(dyeFamily(target.dye)).second) {
        fail(at + ".dye", "'" + target.dye + "' reads on the same channel as another target");
      }
      kit.targets.push_back(std::move(target));
    }
    int internalControls = 0;
    for (const auto& t : kit.targets) internalControls += t.role == TargetRole::InternalControl ? 1 : 0;
    if (internalControls > 1) fail("targets", "at most one internal control");
    if (static_cast<int>(kit.targets.size()) - internalControls == 0) fail("targets", "needs a pathogen target");

    Object::Ptr cutoffs = object(root, "cutoffs", "", true);
    onlyKeys(cutoffs, "cutoffs", {"positive_max_ct", "positive_inclusive", "grey_max_ct"});
    const auto positive = number(cutoffs, "positive_max_ct", "cutoffs");
    if (!positive) fail("cutoffs.positive_max_ct", "missing");
    kit.positiveMaxCt = *positive;
    kit.positiveInclusive = boolean(cutoffs, "positive_inclusive", "cutoffs", true);
    kit.greyMaxCt = number(cutoffs, "grey_max_ct", "cutoffs");
    if (kit.greyMaxCt && *kit.greyMaxCt < kit.positiveMaxCt) {
      fail("cutoffs.grey_max_ct", "must not be below positive_max_ct");
    }

    if (Object::Ptr ic = object(root, "internal_control", "", false)) {
      onlyKeys(ic, "internal_control", {"max_ct", "required"});
      kit.internalControlMaxCt = number(ic, "max_ct", "internal_control");
      const std::string rule = string(ic, "required", "internal_control", false);
      if (rule.empty() || rule == "when_targets_negative") kit.internalControlRule = Kit::InternalControlRule::WhenTargetsNegative;
      else if (rule == "always") kit.internalControlRule = Kit::InternalControlRule::Always;
      else fail("internal_control.required", "must be \"when_targets_negative\" or \"always\"");
      if (internalControls == 0) fail("internal_control", "the kit has no target with role internal_control");
    }
    if (root->has("min_positive_targets")) {
      const auto v = root->get("min_positive_targets");
      if (!v.isInteger()) fail("min_positive_targets", "must be an integer");
      kit.minPositiveTargets = v.convert<int>();
      const int pathogens = static_cast<int>(kit.targets.size()) - internalControls;
      if (kit.minPositiveTargets < 0 || kit.minPositiveTargets > pathogens) {
        fail("min_positive_targets", "must be between 0 (all) and " + std::to_string(pathogens));
      }
    }
    Object::Ptr controls = object(root, "controls", "", true);
    onlyKeys(controls, "controls", {"positive", "negative"});
    kit.positiveControl = control(controls, "positive", true);
    kit.negativeControl = control(controls, "negative", false);
    if (detail::lowerAscii(kit.positiveControl.name) == detail::lowerAscii(kit.negativeControl.name)) {
      fail("controls", "the positive and negative controls need different names");
    }
    for (const auto& format : {PlateFormat{8, 12}, PlateFormat{16, 24}}) {
      std::set<WellPosition> used;
      for (bool positiveControl : {true, false}) {
        for (const auto& w : kit.controlWells(format, positiveControl)) {
          if (!used.insert(w).second) fail("controls", "well " + wellLabel(w) + " holds two controls");
        }
      }
    }
    return kit;
  }

 private:
  std::string_view _source;
};

}  // namespace

std::vector<WellPosition> Kit::controlWells(PlateFormat format, bool positive) const {
  const ControlSpec& spec = positive ? positiveControl : negativeControl;
  if (format == PlateFormat{8, 12}) return spec.wells96;
  if (format == PlateFormat{16, 24}) return spec.wells384;
  return {};
}

std::vector<const KitTarget*> Kit::pathogenTargets() const {
  std::vector<const KitTarget*> out;
  for (const auto& t : targets) {
    if (t.role == TargetRole::Pathogen) out.push_back(&t);
  }
  return out;
}

const KitTarget* Kit::internalControl() const {
  for (const auto& t : targets) {
    if (t.role == TargetRole::InternalControl) return &t;
  }
  return nullptr;
}

namespace {

// "ORF1ab", "orf1ab", "ORF-1ab" and "ORF1a/b" are one name.
std::string foldTargetName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '_' || c == '/' || c == '\t') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

const KitTarget* Kit::matchTarget(std::string_view target, std::string_view dye) const {
  const std::string folded = foldTargetName(target);
  if (!folded.empty()) {
    for (const auto& t : targets) {
      if (foldTargetName(t.name) == folded) return &t;
      for (const auto& a : t.aliases) {
        if (foldTargetName(a) == folded) return &t;
      }
      if ((!t.loincCt.empty() && t.loincCt == detail::trim(target)) ||
          (!t.loincPresence.empty() && t.loincPresence == detail::trim(target))) {
        return &t;
      }
    }
  }
  if (!detail::trim(dye).empty()) {
    const std::string family = dyeFamily(dye);
    for (const auto& t : targets) {
      if (dyeFamily(t.dye) == family) return &t;
    }
  }
  return nullptr;
}

Kit parseKit(std::string_view json, std::string_view source) { return KitParser(source).parse(json); }

Kit loadKitFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KitError(path + ": cannot be opened");
  std::ostringstream text;
  text << in.rdbuf();
  Kit kit = parseKit(text.str(), path);
  const std::string stem = std::filesystem::path(path).stem().string();
  if (stem != kit.id) throw KitError(path + ": id: '" + kit.id + "' differs from the file name '" + stem + "'");
  return kit;
}

std::string dyeFamily(std::string_view dye) {
  std::string d;
  for (char c : dye) {
    if (c == ' ' || c == '-' || c == '_') continue;
    d += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (d == "FAM" || d == "SYBR" || d == "SYBRGREEN" || d == "SYBRGREENI" || d == "FITC" || d == "EVAGREEN" || d == "GREEN") return "FAM";
  if (d == "VIC" || d == "HEX" || d == "JOE" || d == "TET" || d == "YELLOW555" || d == "YELLOW") return "VIC";
  if (d == "ROX" || d == "TEXASRED" || d == "RED610" || d == "CALFLUORRED610" || d == "ORANGE") return "ROX";
  if (d == "CY5" || d == "QUASAR670" || d == "RED640" || d == "RED") return "CY5";
  return d;
}

}  // namespace natlims::instruments
