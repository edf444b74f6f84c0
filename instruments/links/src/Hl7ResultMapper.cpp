#include "natlims/links/Hl7ResultMapper.h"

#include <algorithm>

#include "ResultCollector.h"
#include "Text.h"
#include "natlims/links/CtValue.h"
#include "natlims/links/DyeName.h"
#include "natlims/links/SampleName.h"
#include "natlims/links/WellPosition.h"

namespace natlims::links {

namespace {

struct Specimen {
  std::string id;         // SPM-2: placer, else filler identifier
  std::string container;  // SAC-3
  std::optional<std::string> well;
};

struct PendingResult {
  std::string place;
  std::string target;
  std::optional<std::string> dye;
  std::optional<double> ct;
};

struct OrderGroup {
  std::string place;  // "OBR 1 (segment 5)"
  std::string obr2, obr3;
  Specimen before;  // OUL^R22: the SPM the OBR sits under
  Specimen after;   // ORU^R01: an SPM after the OBR's observations
  std::vector<PendingResult> results;
};

std::string place(const Hl7Segment& s, std::size_t index) {
  std::string p = s.name();
  const auto seq = text::trim(s.rawField(1));
  if (!seq.empty() && seq.size() <= 6) p += " " + std::string(seq);
  return p + " (segment " + std::to_string(index + 1) + ")";
}

// True when `s` speaks of a cycle threshold: a word Ct, Cq or Cp, or "cycle".
bool mentionsCt(std::string_view s) {
  const std::string u = text::upperAscii(s);
  if (u.find("CYCLE") != std::string::npos) return true;
  std::string word;
  auto isWordChar = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  for (std::size_t i = 0; i <= u.size(); ++i) {
    if (i < u.size() && isWordChar(u[i])) {
      word.push_back(u[i]);
      continue;
    }
    if (word == "CT" || word == "CQ" || word == "CP") return true;
    word.clear();
  }
  return false;
}

bool negativeWord(std::string_view s) {
  const auto u = text::upperAscii(text::trim(s));
  return u == "NOT DETECTED" || u == "NEGATIVE" || u == "NEG" || u == "阴性";
}

Specimen readSpm(const Hl7Segment& spm) {
  Specimen s;
  s.id = std::string(text::trim(spm.get(2, 1, 1)));
  if (s.id.empty()) s.id = std::string(text::trim(spm.get(2, 2, 1)));
  return s;
}

}  // namespace

Hl7Mapping mapHl7Message(const Hl7Message& message, const std::string& acceptedProcessingIds) {
  Hl7Mapping out;
  MappedRun& mapped = out.mapped;
  mapped.run.source = "hl7";
  const Hl7Segment& msh = message.msh();
  auto reject = [&](std::string code, std::string why) {
    out.verdict = Hl7Mapping::Verdict::Reject;
    out.errorCode = std::move(code);
    mapped.problems.push_back(std::move(why));
    return out;
  };

  const std::string type = text::upperAscii(text::trim(msh.get(9, 1)));
  const std::string trigger = text::upperAscii(text::trim(msh.get(9, 2)));
  const bool oru = type == "ORU";
  const bool oul = type == "OUL";
  if (!oru && !oul) return reject("200", "MSH-9: message type '" + safeSampleText(type) + "' is not taken (ORU^R01 and OUL^R22 are)");
  if ((oru && trigger != "R01") || (oul && trigger != "R22")) {
    return reject("201", "MSH-9: event '" + safeSampleText(trigger) + "' is not taken with " + type +
                             " (ORU^R01 and OUL^R22 are)");
  }
  mapped.run.runId = text::toUtf8(std::string(text::trim(msh.get(10))));
  if (mapped.run.runId.empty()) return reject("101", "MSH-10 (message control ID) is empty");
  const std::string processing(text::trim(msh.get(11, 1)));
  if (processing.size() != 1 || acceptedProcessingIds.find(processing[0]) == std::string::npos) {
    return reject("202", "MSH-11: processing ID '" + safeSampleText(processing) + "' is not taken here (only " +
                             acceptedProcessingIds + ")");
  }
  const std::string version(text::trim(msh.get(12, 1)));
  if (version.rfind("2.", 0) != 0) return reject("203", "MSH-12: version '" + safeSampleText(version) + "' is not HL7 v2");
  mapped.run.instrument = text::toUtf8(std::string(text::trim(msh.get(3, 1))));
  if (mapped.run.instrument.empty()) mapped.run.instrument = text::toUtf8(std::string(text::trim(msh.get(4, 1))));
  if (mapped.run.instrument.empty()) mapped.run.instrument = "unnamed HL7 sender";

  std::vector<OrderGroup> groups;
  Specimen specimen;  // OUL^R22: the current SPM/SAC
  bool inOrder = false;
  const auto& segments = message.segments();
  for (std::size_t i = 1; i < segments.size(); ++i) {
    const Hl7Segment& s = segments[i];
    const std::string& name = s.name();
    if (name == "PID") {
      specimen = {};  // a new patient: no specimen carries over
      inOrder = false;
    } else if (name == "SPM") {
      if (oru && inOrder) {
        groups.back().after = readSpm(s);
      } else {
        specimen = readSpm(s);
        inOrder = false;
      }
    } else if (name == "SAC") {
      Specimen& target = (oru && inOrder) ? groups.back().after : specimen;
      target.container = std::string(text::trim(s.get(3, 1)));
      for (std::size_t field : {std::size_t{11}, std::size_t{14}}) {
        if (auto well = normalizeWell(s.get(field, 1))) {
          target.well = well;
          break;
        }
      }
    } else if (name == "OBR") {
      OrderGroup g;
      g.place = place(s, i);
      g.obr2 = std::string(text::trim(s.get(2, 1)));
      g.obr3 = std::string(text::trim(s.get(3, 1)));
      g.before = specimen;
      groups.push_back(std::move(g));
      inOrder = true;
    } else if (name == "OBX") {
      const std::string where = place(s, i);
      if (!inOrder) {
        if (oul) continue;  // observations about the specimen itself, not results
        mapped.problems.push_back(where + ": an observation before any OBR");
        continue;
      }
      const std::string valueType = text::upperAscii(text::trim(s.get(2, 1)));
      std::string observation;
      for (std::size_t c = 1; c <= std::max<std::size_t>(1, s.componentCount(3)); ++c) observation += s.get(3, c) + " ";
      const std::string units = s.get(6, 1) + " " + s.get(6, 2);
      const bool ctLike = mentionsCt(observation) || mentionsCt(units);
      const bool otherUnits = !text::trim(units).empty() && !mentionsCt(units);

      PendingResult r;
      r.place = where;
      const std::string system = text::upperAscii(text::trim(s.get(3, 3)));
      const std::string alternate(text::trim(s.get(3, 4)));
      r.target = std::string(text::trim(system == "LN" && !alternate.empty() ? alternate : s.get(3, 1)));
      if (r.target.empty()) r.target = std::string(text::trim(s.get(3, 2)));
      for (std::size_t c = 1; c <= s.componentCount(3) && !r.dye; ++c) r.dye = canonicalDye(s.get(3, c));
      for (std::size_t c = 1; c <= 2 && !r.dye; ++c) r.dye = canonicalDye(s.get(17, c));

      std::string value;
      if (valueType == "NM") {
        if (otherUnits && !mentionsCt(observation)) {
          ++mapped.skippedRecords;  // a quantity in other units (copies/mL, ...), not a Ct
          continue;
        }
        value = s.get(5, 1);
      } else if (valueType == "SN") {
        if (!ctLike) {
          ++mapped.skippedRecords;
          continue;
        }
        const auto comparator = text::trim(s.get(5, 1));
        if (comparator == ">" || comparator == ">=") {
          value = "";  // "> N cycles": no Ct within the run
        } else if (comparator.empty() || comparator == "=") {
          value = s.get(5, 2);
        } else {
          mapped.problems.push_back(where + ": OBX-5 '" + safeSampleText(s.get(5, 1) + s.get(5, 2)) +
                                    "' is not a Ct (comparator " + std::string(comparator) + ")");
          continue;
        }
      } else if (valueType == "ST" || valueType == "TX" || valueType == "FT" || valueType == "CWE" ||
                 valueType == "CE" || valueType == "CNE" || valueType == "IS" || valueType == "ID") {
        if (!ctLike) {
          ++mapped.skippedRecords;  // a qualitative call (Detected / Not detected): an interpretation
          continue;
        }
        const bool coded = valueType == "CWE" || valueType == "CE" || valueType == "CNE";
        value = coded && !text::trim(s.get(5, 2)).empty() ? s.get(5, 2) : s.get(5, 1);
        if (negativeWord(value)) value = "";
      } else {
        ++mapped.skippedRecords;
        continue;
      }
      if (r.target.empty()) {
        mapped.problems.push_back(where + ": OBX-3 names no target");
        continue;
      }
      r.target = text::toUtf8(r.target);
      const auto ct = parseCtText(value);
      if (ct.kind == CtReading::Kind::Number) {
        r.ct = ct.value;
      } else if (ct.kind != CtReading::Kind::NoAmplification) {
        mapped.problems.push_back(where + ": OBX-5 '" + safeSampleText(value) + "' of target " + r.target +
                                  " is neither a Ct nor a no-amplification mark");
        continue;
      }
      groups.back().results.push_back(std::move(r));
    }
    // MSH, SFT, NTE, PV1, ORC, TQ1, PD1, NK1 and others carry nothing for a run.
  }

  ResultCollector collector(mapped);
  for (const auto& g : groups) {
    if (g.results.empty()) continue;
    std::string id;
    std::string from;
    std::optional<std::string> well = g.after.well ? g.after.well : g.before.well;
    if (!g.after.id.empty() || !g.before.id.empty()) {
      id = !g.after.id.empty() ? g.after.id : g.before.id;
      from = "SPM-2";
    } else if (!g.after.container.empty() || !g.before.container.empty()) {
      id = !g.after.container.empty() ? g.after.container : g.before.container;
      from = "SAC-3";
    } else if (!g.obr3.empty()) {
      id = g.obr3;
      from = "OBR-3";
    } else {
      id = g.obr2;
      from = "OBR-2";
    }
    const auto check = classifySample(id);
    if (check.kind == SampleCheck::Kind::Invalid) {
      mapped.problems.push_back(g.place + ": specimen (" + from + "): " + check.error);
      continue;
    }
    for (const auto& r : g.results) {
      WellResult w;
      w.well = well;
      w.sample = check.sample;
      w.target = r.target;
      w.dye = r.dye;
      w.ct = r.ct;
      collector.add(std::move(w), r.place);
    }
  }
  if (mapped.problems.empty() && mapped.run.wells.empty()) {
    mapped.problems.push_back("the message carries no Ct results (" + std::to_string(mapped.skippedRecords) +
                              " other observations)");
  }
  if (!mapped.problems.empty()) {
    out.verdict = Hl7Mapping::Verdict::Error;
    out.errorCode = "207";
  }
  return out;
}

}  // namespace natlims::links
