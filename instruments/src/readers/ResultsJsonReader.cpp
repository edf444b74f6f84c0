#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <set>

#include "readers/FormatError.h"
#include "readers/JsonReaders.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

namespace {

// True when the text stops inside a string or with objects/arrays still open: a transfer that
// dropped, as opposed to a document that is wrong.
bool looksCut(std::string_view json) {
  int depth = 0;
  bool inString = false;
  bool escaped = false;
  for (char c : json) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') inString = true;
    else if (c == '{' || c == '[') ++depth;
    else if (c == '}' || c == ']') --depth;
  }
  return inString || depth > 0;
}

[[noreturn]] void badField(const std::string& field, const std::string& what) {
  throw FormatError(ReadErrorKind::Malformed, field + ": " + what);
}

std::string requiredString(const Poco::JSON::Object::Ptr& o, const std::string& key, const std::string& field,
                           bool allowEmpty) {
  if (!o->has(key)) badField(field, "missing");
  const Poco::Dynamic::Var v = o->get(key);
  if (!v.isString()) badField(field, "must be a string");
  std::string s = v.extract<std::string>();
  if (!allowEmpty && trim(s).empty()) badField(field, "must not be empty");
  return s;
}

std::string optionalString(const Poco::JSON::Object::Ptr& o, const std::string& key, const std::string& field) {
  if (!o->has(key) || o->isNull(key)) return {};
  const Poco::Dynamic::Var v = o->get(key);
  if (!v.isString()) badField(field, "must be a string");
  return v.extract<std::string>();
}

}  // namespace

RunData readResultsJson(std::string_view json) {
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(std::string(json));
    root = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::BadCastException&) {
    throw FormatError(ReadErrorKind::Malformed, "JSON document is not an object");
  } catch (const Poco::Exception& e) {
    // A document that simply stops is the usual failure of a dropped transfer.
    const std::string text = e.displayText();
    const bool cut = looksCut(json);
    throw FormatError(cut ? ReadErrorKind::Truncated : ReadErrorKind::Malformed,
                      "not valid JSON: " + text + (cut ? " (the document looks cut short)" : ""));
  }
  if (!root) throw FormatError(ReadErrorKind::Malformed, "JSON document is not an object");
  const std::string format = root->has("format") && root->get("format").isString()
                                 ? root->get("format").extract<std::string>()
                                 : std::string();
  if (format != "natlims-results-v1") {
    throw FormatError(ReadErrorKind::UnknownFormat,
                      "JSON document whose \"format\" is not \"natlims-results-v1\"" +
                          (format.empty() ? std::string() : " (it is \"" + format + "\")"));
  }
  RunData run;
  run.format = "natlims-results-v1";
  run.instrument = requiredString(root, "instrument", "instrument", false);
  run.runId = requiredString(root, "run_id", "run_id", false);
  if (!root->has("wells")) badField("wells", "missing");
  const Poco::JSON::Array::Ptr wells = root->getArray("wells");
  if (!wells) badField("wells", "must be an array");
  if (wells->size() == 0) throw FormatError(ReadErrorKind::NoResults, "wells: the run has no wells");
  for (std::size_t i = 0; i < wells->size(); ++i) {
    const std::string at = "wells[" + std::to_string(i) + "]";
    const Poco::JSON::Object::Ptr w = wells->getObject(static_cast<unsigned>(i));
    if (!w) badField(at, "must be an object");
    WellReading r;
    // Instruments without wells (cartridge systems) send no "well": the sample name places it.
    r.well = trim(optionalString(w, "well", at + ".well"));
    if (r.well.empty()) {
      r.positionKnown = false;
    } else {
      const auto p = parseWellLabel(r.well);
      if (!p) badField(at + ".well", "'" + r.well + "' is not a well (A1..P24)");
      r.position = *p;
    }
    if (!r.positionKnown && trim(requiredString(w, "sample", at + ".sample", true)).empty()) {
      badField(at, "a reading without a well needs a sample name");
    }
    r.sample = trim(requiredString(w, "sample", at + ".sample", true));
    r.target = trim(optionalString(w, "target", at + ".target"));
    r.dye = trim(optionalString(w, "dye", at + ".dye"));
    if (r.target.empty() && r.dye.empty()) badField(at, "needs a target or a dye");
    if (!w->has("ct")) badField(at + ".ct", "missing (a number, or null for no amplification)");
    if (w->isNull("ct")) {
      r.ct = CtValue::undetermined("null");
    } else {
      const Poco::Dynamic::Var ct = w->get("ct");
      if (!ct.isNumeric()) badField(at + ".ct", "must be a number or null");
      const double v = ct.convert<double>();
      if (!std::isfinite(v) || v < 0) badField(at + ".ct", "must be a number >= 0 or null");
      r.ct = CtValue::number(v, ct.convert<std::string>());
    }
    run.wells.push_back(std::move(r));
  }
  const std::string source = root->has("source") && root->get("source").isString() ? root->get("source").extract<std::string>() : "";
  if (!source.empty()) run.metadata.emplace_back("Source", source);
  bool anyPosition = false;
  bool large = false;
  for (const auto& w : run.wells) {
    if (!w.positionKnown) continue;
    anyPosition = true;
    large = large || w.position.row >= 8 || w.position.column >= 12;
  }
  if (anyPosition) run.plate = large ? PlateFormat{16, 24} : PlateFormat{8, 12};
  return run;
}

}  // namespace natlims::instruments::detail
