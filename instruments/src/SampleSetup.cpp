#include "natlims/instruments/SampleSetup.h"

#include <algorithm>
#include <stdexcept>

#include "text/Table.h"

namespace natlims::instruments {

namespace {

constexpr const char* kCrlf = "\r\n";

// ABI colours are "RGB(r,g,b)" in quotes; one per target so that the plate view tells them apart.
std::string targetColour(std::size_t index) {
  static const char* kColours[] = {"\"RGB(0,0,255)\"", "\"RGB(0,139,69)\"", "\"RGB(255,0,0)\"",
                                   "\"RGB(255,165,0)\"", "\"RGB(128,0,128)\""};
  return kColours[index % (sizeof kColours / sizeof kColours[0])];
}

std::string sampleColour(SampleKind kind) {
  switch (kind) {
    case SampleKind::PositiveControl: return "\"RGB(255,0,0)\"";
    case SampleKind::NegativeControl: return "\"RGB(0,128,0)\"";
    case SampleKind::Sample: return "\"RGB(176,23,31)\"";
  }
  return "\"RGB(176,23,31)\"";
}

std::string abiTask(SampleKind kind) { return kind == SampleKind::NegativeControl ? "NTC" : "UNKNOWN"; }

// Tabs and line breaks in a name would break the file; tube codes never have them.
std::string clean(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '"') ? ' ' : c;
  return detail::trim(out);
}

std::vector<PlateWell> inWellOrder(const PlateLayout& plate) {
  std::vector<PlateWell> wells = plate.wells;
  std::sort(wells.begin(), wells.end(), [](const PlateWell& a, const PlateWell& b) { return a.position < b.position; });
  return wells;
}

std::string abiHeader(const PlateLayout& plate, const Kit& kit, SetupFormat format) {
  std::string blockType;
  std::string instrument;
  const bool is384 = plate.format.wells() == 384;
  switch (format) {
    case SetupFormat::Abi7500: blockType = "96alum"; instrument = "sds7500"; break;
    case SetupFormat::Abi7500Fast: blockType = "96fast"; instrument = "sds7500fast"; break;
    default:
      blockType = is384 ? "384-Well Block" : "96-Well Block (0.2mL)";
      instrument = "QuantStudio(TM) 5 System";
      break;
  }
  std::string out;
  out += "* Block Type = " + blockType + kCrlf;
  out += std::string("* Chemistry = TAQMAN") + kCrlf;
  out += "* Experiment File Name = " + clean(plate.plateId.empty() ? "plate" : "plate-" + plate.plateId) + ".eds" + kCrlf;
  out += "* Experiment Name = " + clean(plate.plateId.empty() ? "plate" : "plate " + plate.plateId) + kCrlf;
  out += std::string("* Experiment Run End Time = Not Started") + kCrlf;
  out += "* Instrument Type = " + instrument + kCrlf;
  out += "* Passive Reference = " + clean(kit.passiveReference) + kCrlf;
  out += kCrlf;
  return out;
}

}  // namespace

std::optional<SetupFormat> parseSetupFormat(std::string_view text) {
  const std::string t = detail::lowerAscii(detail::trim(text));
  if (t == "abi7500" || t == "7500") return SetupFormat::Abi7500;
  if (t == "abi7500fast" || t == "7500fast") return SetupFormat::Abi7500Fast;
  if (t == "quantstudio" || t == "qs" || t == "abi-quantstudio") return SetupFormat::QuantStudio;
  if (t == "cfx" || t == "biorad-cfx" || t == "biorad") return SetupFormat::BioRadCfx;
  return std::nullopt;
}

std::string_view setupFormatNames() { return "abi7500, abi7500fast, quantstudio, cfx"; }

SetupFile writeSampleSetup(const PlateLayout& plate, const Kit& kit, SetupFormat format) {
  const bool abi7500 = format == SetupFormat::Abi7500 || format == SetupFormat::Abi7500Fast;
  if (abi7500 && plate.format.wells() != 96) {
    throw std::invalid_argument("the 7500 has a 96-well block; this plate has " + std::to_string(plate.format.wells()) + " wells");
  }
  SetupFile file;
  const std::string id = plate.plateId.empty() ? std::string("plate") : "plate-" + plate.plateId;
  const auto wells = inWellOrder(plate);
  if (format == SetupFormat::BioRadCfx) {
    file.fileName = id + "-cfx.csv";
    file.contentType = "text/csv; charset=utf-8";
    file.bytes = std::string("Row,Column,*Target Name,*Sample Name,*Biological Group") + kCrlf;
    for (const auto& w : wells) {
      for (const auto& t : kit.targets) {
        file.bytes += std::string(1, static_cast<char>('A' + w.position.row)) + "," + std::to_string(w.position.column + 1) +
                      "," + clean(t.name) + "," + clean(w.name) + "," + std::string(sampleKindName(w.kind)) + kCrlf;
      }
    }
    return file;
  }
  const bool quantStudio = format == SetupFormat::QuantStudio;
  file.fileName = id + (quantStudio ? "-quantstudio.txt" : format == SetupFormat::Abi7500Fast ? "-abi7500fast.txt" : "-abi7500.txt");
  file.contentType = "text/plain; charset=utf-8";
  file.bytes = abiHeader(plate, kit, format);
  file.bytes += "[Sample Setup]";
  file.bytes += kCrlf;
  file.bytes += quantStudio ? "Well\tWell Position\t" : "Well\t";
  file.bytes += std::string("Sample Name\tSample Color\tBiogroup Name\tBiogroup Color\tTarget Name\tTarget Color\tTask\t"
                            "Reporter\tQuencher\tQuantity\tComments") + kCrlf;
  for (const auto& w : wells) {
    for (std::size_t ti = 0; ti < kit.targets.size(); ++ti) {
      const auto& t = kit.targets[ti];
      std::string row;
      if (quantStudio) row += std::to_string(wellIndex(w.position, 1, plate.format)) + "\t";
      row += wellLabel(w.position) + "\t" + clean(w.name) + "\t" + sampleColour(w.kind) + "\t\t\t" + clean(t.name) + "\t" +
             targetColour(ti) + "\t" + abiTask(w.kind) + "\t" + clean(t.dye) + "\t" + clean(t.quencher) + "\t\t";
      file.bytes += row + kCrlf;
    }
  }
  return file;
}

}  // namespace natlims::instruments
