#include "natlims/links/AstmResultMapper.h"

#include "ResultCollector.h"
#include "RunIdentity.h"
#include "Text.h"
#include "natlims/links/CtValue.h"
#include "natlims/links/DyeName.h"
#include "natlims/links/SampleName.h"
#include "natlims/links/WellPosition.h"

namespace natlims::links {

namespace {

// GeneXpert-style test IDs have 8 components: ^panel^^host code^assay^version^analyte^complementary.
constexpr std::size_t kGeneXpertComponents = 8;

struct OpenOrder {
  bool valid = false;
  std::string sample;
  std::optional<std::string> well;
};

std::string joinNonEmpty(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const auto& p : parts) {
    const auto t = text::trim(p);
    if (t.empty()) continue;
    if (!out.empty()) out.push_back(sep);
    out.append(t);
  }
  return out;
}

bool isCtName(std::string_view s) {
  const auto u = text::upperAscii(text::trim(s));
  return u == "CT" || u == "CQ" || u == "CP";
}

std::string recordPlace(const AstmRecord& r, std::size_t index) {
  std::string place = "record " + std::to_string(index + 1) + " (" + std::string(1, r.type());
  const auto seq = text::trim(r.rawField(2));
  if (!seq.empty() && seq.size() <= 6) place += " " + std::string(seq);
  return place + ")";
}

// The target, dye and value text of an R record; `skip` when the record carries no Ct.
struct RPart {
  bool skip = false;
  std::string target;
  std::optional<std::string> dye;
  std::string value;
};

RPart readResultRecord(const AstmRecord& r) {
  RPart part;
  const auto test = r.components(3);
  const auto value = r.components(4);
  if (test.size() >= kGeneXpertComponents) {
    const auto complementary = text::trim(test[7]);
    if (complementary.empty() || !isCtName(complementary)) {
      part.skip = true;  // the main / analyte call, or EndPt, Delta Ct, Conc/LOG
      return part;
    }
    part.target = std::string(text::trim(test[6]));
    if (part.target.empty()) part.target = std::string(text::trim(test[3]));
  } else {
    if (test.size() >= 4 && !text::trim(test[3]).empty()) {
      part.target = std::string(text::trim(test[3]));
    } else {
      for (auto it = test.rbegin(); it != test.rend(); ++it) {
        if (!text::trim(*it).empty()) {
          part.target = std::string(text::trim(*it));
          break;
        }
      }
    }
    for (std::size_t i = 4; i < test.size(); ++i) {
      if (auto dye = canonicalDye(test[i])) {
        part.dye = dye;
        break;
      }
    }
  }
  // "qualitative^quantitative" (GeneXpert) or a bare value.
  if (value.size() >= 2 && !text::trim(value[1]).empty()) {
    part.value = value[1];
  } else if (!value.empty()) {
    part.value = value[0];
  }
  return part;
}

}  // namespace

MappedRun mapAstmMessage(const AstmMessage& message) {
  MappedRun mapped;
  mapped.run.source = "astm";
  ResultCollector collector(mapped);
  const auto& records = message.records;

  const AstmRecord& header = records.front();
  mapped.run.instrument = text::toUtf8(joinNonEmpty(header.components(5), '^'));
  if (mapped.run.instrument.empty()) mapped.run.instrument = "unnamed ASTM sender";
  const std::string controlId(text::trim(header.rawField(3)));
  if (!controlId.empty()) {
    mapped.run.runId = text::toUtf8(header.unescape(controlId));
  } else {
    std::string all;
    for (const auto& r : records) {
      all += r.text();
      all.push_back('\r');
    }
    mapped.run.runId = contentRunId(all);
  }

  std::optional<OpenOrder> order;
  bool query = false;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const AstmRecord& r = records[i];
    const std::string place = recordPlace(r, i);
    switch (r.type()) {
      case 'P':
        order.reset();  // a new patient: the orders before belong to the previous one
        break;
      case 'O': {
        OpenOrder next;
        const auto check = classifySample(r.component(3, 1));
        if (check.kind == SampleCheck::Kind::Invalid) {
          mapped.problems.push_back(place + ": specimen ID (O-3): " + check.error);
        } else {
          next.valid = true;
          next.sample = check.sample;
        }
        const auto instrumentSpecimen = r.components(4);
        for (auto it = instrumentSpecimen.rbegin(); it != instrumentSpecimen.rend(); ++it) {
          if (text::trim(*it).empty()) continue;
          next.well = normalizeWell(*it);
          break;
        }
        order = next;
        break;
      }
      case 'R': {
        if (!order) {
          mapped.problems.push_back(place + ": a result before any O record (no sample to give it to)");
          break;
        }
        const auto part = readResultRecord(r);
        if (part.skip) {
          ++mapped.skippedRecords;
          break;
        }
        if (part.target.empty()) {
          mapped.problems.push_back(place + ": the universal test ID (R-3) names no target");
          break;
        }
        const auto target = text::toUtf8(part.target);
        const auto ct = parseCtText(part.value);
        if (ct.kind == CtReading::Kind::Qualitative) {
          ++mapped.skippedRecords;
          break;
        }
        if (ct.kind == CtReading::Kind::Invalid) {
          mapped.problems.push_back(place + ": the value (R-4) '" + safeSampleText(part.value) +
                                    "' of target " + target + " is neither a Ct nor a no-amplification mark");
          break;
        }
        if (!order->valid) break;  // the O record's problem is already listed
        WellResult result;
        result.well = order->well;
        result.sample = order->sample;
        result.target = target;
        result.dye = part.dye;
        if (ct.kind == CtReading::Kind::Number) result.ct = ct.value;
        collector.add(std::move(result), place);
        break;
      }
      case 'Q':
        query = true;
        break;
      default:  // C (comments), M, S, L: nothing for a run
        break;
    }
  }
  if (query) {
    mapped.problems.push_back("the message is a host query (Q record): this gateway takes results only");
  } else if (mapped.problems.empty() && mapped.run.wells.empty()) {
    mapped.problems.push_back("the message carries no Ct results (" + std::to_string(mapped.skippedRecords) +
                              " interpretation records, no R record with a Ct)");
  }
  return mapped;
}

}  // namespace natlims::links
