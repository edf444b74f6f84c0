#include "readers/RdmlReader.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>

#include "readers/FormatError.h"
#include "readers/ReaderSupport.h"
#include "text/Numbers.h"
#include "text/Table.h"
#include "text/Xml.h"

namespace natlims::instruments::detail {

namespace {

using Poco::XML::Attributes;
using Poco::XML::XMLChar;
using Poco::XML::XMLString;

struct RdmlDatum {
  std::string target;
  std::optional<std::string> cq;
  std::string excluded;
  double lastCycle = 0;
};

struct RdmlReact {
  std::string id;
  std::string sample;
  std::vector<RdmlDatum> data;
};

struct RdmlRun {
  std::string experiment;
  std::string id;
  std::string instrument;
  std::string software;
  int rows = 0;
  int columns = 0;
  std::vector<RdmlReact> reacts;
};

struct RdmlSample {
  std::string type;
  std::string description;
};

class RdmlHandler : public Poco::XML::DefaultHandler {
 public:
  std::string version;
  std::map<std::string, RdmlSample> samples;
  std::map<std::string, std::string> targetDyes;
  std::vector<RdmlRun> runs;
  bool sawRoot = false;

  void startElement(const XMLString&, const XMLString& name, const XMLString&, const Attributes& attrs) override {
    _path.push_back(name);
    _text.clear();
    const std::size_t depth = _path.size();
    if (depth == 1) {
      sawRoot = name == "rdml";
      version = attributeValue(attrs, "version");
      return;
    }
    if (depth == 2 && name == "sample") {
      _sample = attributeValue(attrs, "id");
      samples[_sample];
    } else if (depth == 2 && name == "target") {
      _target = attributeValue(attrs, "id");
      targetDyes[_target];
    } else if (depth == 3 && parent() == "target" && name == "dyeId") {
      targetDyes[_target] = attributeValue(attrs, "id");  // v1.1+: attribute; v1.0: text
    } else if (depth == 3 && parent() == "experiment" && name == "run") {
      runs.push_back(RdmlRun{});
      runs.back().experiment = _experiment;
      runs.back().id = attributeValue(attrs, "id");
    } else if (depth == 2 && name == "experiment") {
      _experiment = attributeValue(attrs, "id");
    } else if (name == "react" && parent() == "run" && !runs.empty()) {
      runs.back().reacts.push_back(RdmlReact{attributeValue(attrs, "id"), {}, {}});
    } else if (name == "sample" && parent() == "react" && hasReact()) {
      runs.back().reacts.back().sample = attributeValue(attrs, "id");
    } else if (name == "data" && parent() == "react" && hasReact()) {
      runs.back().reacts.back().data.emplace_back();
    } else if (name == "tar" && parent() == "data" && hasDatum()) {
      datum().target = attributeValue(attrs, "id");
    }
  }

  void endElement(const XMLString&, const XMLString& name, const XMLString&) override {
    const std::size_t depth = _path.size();
    const std::string text = trim(_text);
    if (depth == 3 && parent() == "sample") {
      if (name == "type" && samples[_sample].type.empty()) samples[_sample].type = text;
      if (name == "description") samples[_sample].description = text;
    } else if (depth == 3 && parent() == "target" && name == "dyeId" && targetDyes[_target].empty()) {
      targetDyes[_target] = text;
    } else if (parent() == "run" && !runs.empty()) {
      if (name == "instrument") runs.back().instrument = text;
    } else if (parent() == "dataCollectionSoftware" && name == "name" && !runs.empty()) {
      runs.back().software = text;
    } else if (parent() == "pcrFormat" && !runs.empty()) {
      if (name == "rows") runs.back().rows = std::atoi(text.c_str());
      if (name == "columns") runs.back().columns = std::atoi(text.c_str());
    } else if (parent() == "data" && hasDatum()) {
      if (name == "cq") datum().cq = text;
      if (name == "excl") datum().excluded = text;
    } else if (parent() == "adp" && name == "cyc" && hasDatum()) {
      if (auto v = parseNumber(text)) datum().lastCycle = std::max(datum().lastCycle, *v);
    }
    _path.pop_back();
    _text.clear();
  }

  void characters(const XMLChar ch[], int start, int length) override {
    // Only short leaf values are kept; the many fluorescence points are parsed as they come.
    if (_text.size() < 4096) _text.append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  const std::string& parent() const {
    static const std::string kNone;
    return _path.size() >= 2 ? _path[_path.size() - 2] : kNone;
  }
  bool hasReact() const { return !runs.empty() && !runs.back().reacts.empty(); }
  bool hasDatum() const { return hasReact() && !runs.back().reacts.back().data.empty(); }
  RdmlDatum& datum() { return runs.back().reacts.back().data.back(); }

  std::vector<std::string> _path;
  std::string _text;
  std::string _sample;
  std::string _target;
  std::string _experiment;
};

// LightCycler 96 calculated_data.xml: experiment/run/react/factGraph(targetId)/call.
class Lc96CallsHandler : public Poco::XML::DefaultHandler {
 public:
  std::map<std::string, std::string> calls;  // "run|react|target" -> call

  void startElement(const XMLString&, const XMLString& name, const XMLString&, const Attributes& attrs) override {
    if (name == "run") _run = attributeValue(attrs, "id");
    else if (name == "react") _react = attributeValue(attrs, "id");
    else if (name == "factGraph") _target = attributeValue(attrs, "targetId");
    else if (name == "call") _text.clear(), _inCall = true;
  }
  void endElement(const XMLString&, const XMLString& name, const XMLString&) override {
    if (name == "call" && _inCall) {
      calls[_run + "|" + _react + "|" + _target] = trim(_text);
      _inCall = false;
    }
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (_inCall) _text.append(ch + start, static_cast<std::size_t>(length));
  }

 private:
  std::string _run, _react, _target, _text;
  bool _inCall = false;
};

bool looksLikeGuid(std::string_view s) {
  static const std::regex kGuid("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  return std::regex_match(s.begin(), s.end(), kGuid);
}

// LightCycler 96 names targets "<dye>@<name or GUID>".
std::string targetName(const std::string& id) {
  const auto at = id.find('@');
  if (at == std::string::npos) return id;
  const std::string rest = id.substr(at + 1);
  return looksLikeGuid(rest) ? std::string() : rest;
}

}  // namespace

bool looksLikeRdml(std::string_view xml) {
  // Skip the declaration, comments and whitespace; the root element decides.
  std::size_t at = 0;
  while (at < xml.size()) {
    at = xml.find('<', at);
    if (at == std::string_view::npos) return false;
    if (xml.substr(at, 2) == "<?" || xml.substr(at, 4) == "<!--" || xml.substr(at, 2) == "<!") {
      const auto end = xml.find('>', at);
      if (end == std::string_view::npos) return false;
      at = end + 1;
      continue;
    }
    std::string_view name = xml.substr(at + 1, 32);
    const auto stop = name.find_first_of(" \t\r\n>/");
    name = name.substr(0, stop);
    if (const auto colon = name.find(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
    return name == "rdml";
  }
  return false;
}

RunData readRdml(std::string_view xml, std::optional<std::string_view> lc96Calls) {
  RdmlHandler h;
  parseXml(xml, h, "the RDML document");
  if (!h.sawRoot) throw FormatError(ReadErrorKind::UnknownFormat, "XML whose root is not <rdml>");
  std::map<std::string, std::string> calls;
  if (lc96Calls) {
    Lc96CallsHandler ch;
    parseXml(*lc96Calls, ch, "LightCycler 96 calculated_data.xml");
    calls = std::move(ch.calls);
  }
  RunData run;
  run.format = "rdml";
  run.metadata.emplace_back("RDML version", h.version);
  std::size_t dataCount = 0;
  std::size_t cqCount = 0;
  for (const auto& r : h.runs) {
    for (const auto& react : r.reacts) {
      for (const auto& d : react.data) {
        ++dataCount;
        cqCount += d.cq.has_value() ? 1 : 0;
      }
    }
  }
  if (dataCount == 0) throw FormatError(ReadErrorKind::NoResults, "RDML file without any reaction data");
  if (cqCount == 0) {
    throw FormatError(ReadErrorKind::NoResults,
                      "RDML file holds amplification data but no Cq values (not analysed): analyse it "
                      "and export the RDML again");
  }
  std::optional<PlateFormat> geometry;
  std::string runNames;
  std::map<std::pair<WellPosition, std::string>, std::string> seen;  // (well, target) -> run
  std::map<WellPosition, std::string> sampleAt;
  std::size_t lc96Applied = 0;
  std::size_t atLastCycle = 0;
  for (const auto& r : h.runs) {
    if (r.reacts.empty()) continue;
    runNames += (runNames.empty() ? "" : " + ") + r.id;
    if (run.instrument.empty()) run.instrument = !r.instrument.empty() ? r.instrument : r.software;
    if (r.rows > 0 && r.columns > 0) {
      const PlateFormat f{r.rows, r.columns};
      if (geometry && *geometry != f) {
        throw FormatError(ReadErrorKind::Inconsistent, "the RDML runs describe plates of different sizes");
      }
      geometry = f;
    }
    const PlateFormat format = geometry.value_or(PlateFormat{8, 12});
    double runLastCycle = 0;
    for (const auto& react : r.reacts) {
      for (const auto& d : react.data) runLastCycle = std::max(runLastCycle, d.lastCycle);
    }
    for (const auto& react : r.reacts) {
      std::optional<WellPosition> position = parseWellLabel(react.id);  // RDML 1.0: "A1"
      if (!position) {
        const auto number = parseNumber(react.id);
        if (number) position = wellFromIndex(static_cast<long>(*number), 1, format);
      }
      if (!position) {
        throw FormatError(ReadErrorKind::Malformed,
                          "run '" + r.id + "': react id '" + react.id + "' is not a well of a " +
                              std::to_string(format.rows) + "x" + std::to_string(format.columns) + " plate");
      }
      const auto sampleIt = h.samples.find(react.sample);
      std::string sample = react.sample;
      if (sampleIt != h.samples.end() && looksLikeGuid(react.sample) && !sampleIt->second.description.empty()) {
        sample = sampleIt->second.description;
      }
      if (auto [it, fresh] = sampleAt.emplace(*position, sample); !fresh && it->second != sample) {
        throw FormatError(ReadErrorKind::Inconsistent, "well " + wellLabel(*position) + " holds sample '" +
                                                           it->second + "' in one run and '" + sample + "' in another");
      }
      for (const auto& d : react.data) {
        WellReading w;
        w.position = *position;
        w.well = react.id;
        w.sample = sample;
        w.target = targetName(d.target);
        const auto dyeIt = h.targetDyes.find(d.target);
        w.dye = dyeIt != h.targetDyes.end() ? dyeIt->second : std::string();
        w.channel = r.id;
        w.task = sampleIt != h.samples.end() ? sampleIt->second.type : std::string();
        w.omitted = !d.excluded.empty();
        if (auto [it, fresh] = seen.emplace(std::make_pair(*position, d.target), r.id); !fresh) {
          throw FormatError(ReadErrorKind::Inconsistent, "well " + wellLabel(*position) + " has two readings for target '" +
                                                             d.target + "' (runs '" + it->second + "' and '" + r.id + "')");
        }
        const double lastCycle = d.lastCycle > 0 ? d.lastCycle : runLastCycle;
        if (!d.cq || d.cq->empty()) {
          w.ct = CtValue::undetermined(d.cq.value_or(""));
        } else if (auto v = parseNumber(*d.cq)) {
          if (*v < 0) {
            w.ct = CtValue::undetermined(*d.cq);
          } else if (lastCycle > 0 && *v >= lastCycle - 1e-9) {
            w.ct = CtValue::undetermined(*d.cq);
            ++atLastCycle;
          } else {
            w.ct = CtValue::number(*v, *d.cq);
          }
        } else if (isNoCtWord(*d.cq)) {
          w.ct = CtValue::undetermined(*d.cq);
        } else {
          throw FormatError(ReadErrorKind::Malformed, "well " + wellLabel(*position) + " target '" + d.target +
                                                          "': cq '" + *d.cq + "' is not a number");
        }
        if (!calls.empty()) {
          const auto call = calls.find(r.id + "|" + react.id + "|" + d.target);
          if (call != calls.end()) {
            if (call->second == "Negative" && w.ct.state != CtValue::State::Undetermined) {
              w.ct = CtValue::undetermined(w.ct.raw);
              ++lc96Applied;
            } else if (call->second == "Invalid") {
              w.ct = CtValue::missing(w.ct.raw.empty() ? "Invalid" : w.ct.raw);
              ++lc96Applied;
            }
          }
        }
        run.wells.push_back(std::move(w));
      }
    }
  }
  run.runId = h.runs.empty() ? std::string() : h.runs.front().experiment + " / " + runNames;
  run.plate = geometry;
  if (!run.plate) {
    bool large = false;
    for (const auto& w : run.wells) large = large || w.position.row >= 8 || w.position.column >= 12;
    run.plate = large ? PlateFormat{16, 24} : PlateFormat{8, 12};
  }
  if (lc96Applied > 0) {
    run.warnings.push_back(std::to_string(lc96Applied) +
                           " Cq values replaced by the LightCycler 96 call (Negative: no amplification; "
                           "Invalid: no reading)");
  }
  if (atLastCycle > 0) {
    run.warnings.push_back(std::to_string(atLastCycle) + " Cq values at the last cycle read as no amplification");
  }
  return run;
}

}  // namespace natlims::instruments::detail
