#include "natlims/instruments/RunReader.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <tuple>

#include "archive/XlsxWorkbook.h"
#include "archive/ZipArchive.h"
#include "natlims/instruments/Kit.h"
#include "readers/AbiReader.h"
#include "readers/FormatError.h"
#include "readers/JsonReaders.h"
#include "readers/RdmlReader.h"
#include "readers/TableReaders.h"
#include "text/TextDecoder.h"

namespace natlims::instruments {

namespace {

using detail::FormatError;
using detail::Table;

std::string firstLine(std::string_view text) {
  const auto nl = text.find('\n');
  std::string line(text.substr(0, std::min<std::size_t>(nl, 80)));
  for (char& c : line) {
    if (c == '\t') c = ' ';
  }
  return detail::trim(line);
}

// Exports that carry no Ct at all, named so that a person knows what to export instead.
[[noreturn]] void explainUnknownText(std::string_view text) {
  const std::string first = firstLine(text);
  if (first.rfind("Raw Data", 0) == 0 || text.find("SamplePos\tSampleName\tProg#") != std::string_view::npos) {
    throw FormatError(ReadErrorKind::NoResults,
                      "a LightCycler 480 raw-data export (fluorescence per cycle) holds no Cp values: export "
                      "'Abs Quant/2nd Derivative Max' results");
  }
  if (text.find("General:Pos") != std::string_view::npos || text.find("General:Well") != std::string_view::npos) {
    throw FormatError(ReadErrorKind::NoResults,
                      "a sample-information export (LightCycler 480 / Mx3005P) holds no Ct values: export the results");
  }
  throw FormatError(ReadErrorKind::UnknownFormat,
                    "no result table found: no header with a well column and a Ct/Cq/Cp column (the file "
                    "starts '" + first + "')");
}

RunData readText(const std::string& text, const ReadOptions& options) {
  std::size_t start = text.find_first_not_of(" \t\n");
  if (start == std::string::npos) throw FormatError(ReadErrorKind::Empty, "the file holds only blank lines");
  const std::string_view body = std::string_view(text).substr(start);
  if (body.front() == '{') return detail::readResultsJson(body);
  if (body.front() == '[') {
    throw FormatError(ReadErrorKind::UnknownFormat, "a JSON array, not a natlims-results-v1 document");
  }
  if (body.front() == '<') {
    if (detail::looksLikeRdml(body)) return detail::readRdml(body, std::nullopt);
    const Table html = detail::htmlTable(body);
    if (!html.rows.empty()) {
      if (auto run = detail::readAnyTable(html, 0, options)) return std::move(*run);
      throw FormatError(ReadErrorKind::UnknownFormat,
                        "an HTML table without a header holding a well column and a Ct column");
    }
    throw FormatError(ReadErrorKind::UnknownFormat, "an XML document that is neither RDML nor an HTML table");
  }
  const Table tabs = detail::parseDelimited(text, '\t');
  if (auto run = detail::readAbiText(tabs)) return std::move(*run);
  if (auto run = detail::readLightCycler480(tabs)) return std::move(*run);
  if (auto run = detail::readEdsAnalysisResult(tabs)) return std::move(*run);
  if (auto run = detail::readAnyTable(tabs, '\t', options)) return std::move(*run);
  // Comma- and semicolon-separated text. A parse error under a separator the file does not
  // use says nothing; it is reported only when no separator yields a result table.
  std::optional<FormatError> parseError;
  for (char delimiter : {',', ';'}) {
    if (text.find(delimiter) == std::string::npos) continue;
    try {
      const Table table = detail::parseDelimited(text, delimiter);
      if (auto run = detail::readAnyTable(table, delimiter, options)) return std::move(*run);
      if (delimiter == ',') {
        if (auto info = detail::readCfxRunInformation(table)) return std::move(*info);
      }
    } catch (const FormatError& e) {
      if (e.kind() != ReadErrorKind::Truncated) throw;
      if (!parseError) parseError = e;
    }
  }
  if (parseError) throw *parseError;
  explainUnknownText(text);
}

std::string memberList(const detail::ZipArchive& zip) {
  std::string list;
  std::size_t n = 0;
  for (const auto& e : zip.entries()) {
    if (++n > 6) {
      list += ", ...";
      break;
    }
    list += (list.empty() ? "" : ", ") + e.name;
  }
  return list;
}

RunData readBytes(std::string_view bytes, const ReadOptions& options, int depth);
ReadOutcome readFiles(std::span<const InputFile> files, const ReadOptions& options, int depth);

RunData readZip(std::string_view bytes, const ReadOptions& options, int depth) {
  const detail::ZipArchive zip(bytes, options.maxUnpackedBytes);
  if (zip.entries().empty()) throw FormatError(ReadErrorKind::Empty, "an empty zip archive");
  // .eds (7500 v2): the analysed results live in apldbio/sds/analysis_result.txt.
  if (const auto* member = zip.find("apldbio/sds/analysis_result.txt")) {
    const auto decoded = detail::decodeText(zip.read(*member), options.encoding);
    const Table table = detail::parseDelimited(decoded.text, '\t');
    auto run = detail::readEdsAnalysisResult(table);
    if (!run) {
      throw FormatError(ReadErrorKind::Malformed,
                        "apldbio/sds/analysis_result.txt does not have the Session Name / Well / Detector / Ct layout");
    }
    return std::move(*run);
  }
  for (const auto& e : zip.entries()) {
    if (e.normalized.rfind("apldbio/", 0) == 0) {
      throw FormatError(ReadErrorKind::NoResults,
                        "an .eds experiment without apldbio/sds/analysis_result.txt (the run was not analysed, or "
                        "the software keeps results elsewhere): export the results as text from the instrument "
                        "software");
    }
  }
  if (zip.find("xl/workbook.xml") != nullptr) {
    const detail::XlsxWorkbook workbook(zip);
    // Result sheets first: the others (amplification, raw data) can be large.
    std::vector<detail::XlsxWorkbook::Sheet> order;
    for (const auto& s : workbook.sheets()) {
      const std::string n = detail::lowerAscii(s.name);
      if (n == "results" || n == "primary_result" || n == "0") order.push_back(s);
    }
    for (const auto& s : workbook.sheets()) {
      const std::string n = detail::lowerAscii(s.name);
      if (!(n == "results" || n == "primary_result" || n == "0")) order.push_back(s);
    }
    std::string names;
    for (const auto& sheet : order) {
      names += (names.empty() ? "" : ", ") + sheet.name;
      const Table table = workbook.read(sheet);
      if (auto run = detail::readAnyTable(table, 0, options)) {
        run->metadata.emplace_back("Sheet", sheet.name);
        return std::move(*run);
      }
    }
    throw FormatError(ReadErrorKind::UnknownFormat,
                      "a workbook without a sheet holding a well column and a Ct/Cq column (sheets: " + names + ")");
  }
  const detail::ZipEntry* rdml = zip.find("rdml_data.xml");
  if (rdml == nullptr) {
    for (const auto& e : zip.entries()) {
      if (e.normalized.size() > 4 && e.normalized.ends_with(".xml") && e.uncompressedSize > 0) {
        const std::string head = zip.read(e);
        if (detail::looksLikeRdml(head)) {
          rdml = &e;
          break;
        }
      }
    }
  }
  if (rdml != nullptr) {
    const std::string xml = zip.read(*rdml);
    std::optional<std::string> calls;
    if (const auto* c = zip.find("calculated_data.xml")) calls = zip.read(*c);
    return detail::readRdml(xml, calls ? std::optional<std::string_view>(*calls) : std::nullopt);
  }
  for (const auto& e : zip.entries()) {
    if (e.flags & 1u) zip.read(e);  // throws the "encrypted" explanation
  }
  // A bundle of exports that form one run (the channel files of a LightCycler 480 run, a CFX
  // result with its run information): read together, as readRun does with several files.
  std::vector<InputFile> members;
  for (const auto& e : zip.entries()) {
    if (e.normalized.empty() || e.normalized.back() == '/') continue;
    members.push_back(InputFile{e.name, zip.read(e)});
  }
  const std::string notAnExport = "a zip archive that is not an .eds experiment, an .xlsx workbook or an RDML file (members: " +
                                  memberList(zip) + ")";
  if (depth > 0 || members.empty() || members.size() > 64) throw FormatError(ReadErrorKind::UnknownFormat, notAnExport);
  ReadOutcome bundle = readFiles(members, options, depth + 1);
  if (bundle.ok()) return std::move(*bundle.run);
  if (bundle.error.kind == ReadErrorKind::UnknownFormat) {
    throw FormatError(ReadErrorKind::UnknownFormat, notAnExport + ", and its members are no result exports: " + bundle.error.message);
  }
  throw FormatError(bundle.error.kind, bundle.error.message);
}

RunData readBytes(std::string_view bytes, const ReadOptions& options, int depth) {
  if (bytes.size() > options.maxBytes) {
    throw FormatError(ReadErrorKind::TooLarge, "the file has " + std::to_string(bytes.size()) +
                                                   " bytes, more than the limit of " + std::to_string(options.maxBytes));
  }
  if (bytes.empty()) throw FormatError(ReadErrorKind::Empty, "the file is empty");
  if (detail::looksLikeGzip(bytes)) {
    if (depth > 0) throw FormatError(ReadErrorKind::Malformed, "a gzip stream inside another archive or gzip stream");
    const std::string unpacked = detail::gunzip(bytes, options.maxUnpackedBytes);
    ReadOptions inner = options;
    inner.maxBytes = options.maxUnpackedBytes;
    return readBytes(unpacked, inner, depth + 1);
  }
  if (detail::looksLikeZip(bytes)) return readZip(bytes, options, depth);
  if (bytes.size() >= 4 && bytes.substr(0, 2) == "PK" && static_cast<unsigned char>(bytes[2]) < 0x09) {
    throw FormatError(ReadErrorKind::Truncated, "a damaged zip archive");
  }
  if (bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
    throw FormatError(ReadErrorKind::UnknownFormat,
                      "a binary Excel 97-2003 workbook (.xls): save the results as text (.txt/.csv) or .xlsx");
  }
  if (bytes.substr(0, 5) == "%PDF-") {
    throw FormatError(ReadErrorKind::UnknownFormat, "a PDF report, not a result export");
  }
  const auto decoded = detail::decodeText(bytes, options.encoding);
  RunData run = readText(decoded.text, options);
  if (decoded.encoding != "utf-8") run.metadata.emplace_back("Encoding", decoded.encoding);
  return run;
}

ReadOutcome failure(ReadErrorKind kind, const std::string& file, const std::string& message) {
  ReadOutcome out;
  out.error = ReadError{kind, file, file.empty() ? message : file + ": " + message};
  return out;
}

// Several files of one run: same format, no (well, target, dye) twice, one sample name per well.
ReadOutcome merge(std::vector<RunData> parts, std::span<const InputFile> files) {
  RunData merged;
  const RunData* base = nullptr;
  for (const auto& p : parts) {
    if (!p.wells.empty()) {
      base = &p;
      break;
    }
  }
  if (base == nullptr) return failure(ReadErrorKind::NoResults, files[0].name, "none of the files holds results");
  merged.format = base->format;
  merged.instrument = base->instrument;
  merged.runId = base->runId;
  merged.plate = base->plate;
  std::map<std::tuple<WellPosition, std::string, std::string>, std::size_t> seen;
  std::map<WellPosition, std::pair<std::string, std::size_t>> sampleAt;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    RunData& p = parts[i];
    merged.sources.push_back(files[i].name);
    for (auto& kv : p.metadata) merged.metadata.push_back(std::move(kv));
    for (auto& w : p.warnings) merged.warnings.push_back(files[i].name + ": " + w);
    if (p.wells.empty()) continue;
    if (p.format != merged.format) {
      return failure(ReadErrorKind::Inconsistent, files[i].name,
                     "is a " + p.format + " file, " + files[0].name + " a " + merged.format +
                         " file: the files of one run come from one instrument");
    }
    if (!p.runId.empty() && !merged.runId.empty() && p.runId != merged.runId) {
      return failure(ReadErrorKind::Inconsistent, files[i].name,
                     "comes from experiment '" + p.runId + "', the other files from '" + merged.runId + "'");
    }
    if (p.plate && merged.plate && *p.plate != *merged.plate) {
      return failure(ReadErrorKind::Inconsistent, files[i].name, "describes a plate of another size than the other files");
    }
    for (auto& w : p.wells) {
      if (!w.positionKnown) {
        return failure(ReadErrorKind::Inconsistent, files[i].name,
                       "names no well for sample '" + w.sample + "': such results cannot be combined with other files");
      }
      const auto key = std::make_tuple(w.position, detail::lowerAscii(w.target), dyeFamily(w.dye));
      if (auto [it, fresh] = seen.emplace(key, i); !fresh) {
        return failure(ReadErrorKind::Inconsistent, files[i].name,
                       "well " + wellLabel(w.position) + " (" + (w.target.empty() ? w.dye : w.target) +
                           ") is also in " + files[it->second].name);
      }
      if (!w.sample.empty()) {
        if (auto [it, fresh] = sampleAt.emplace(w.position, std::make_pair(w.sample, i));
            !fresh && it->second.first != w.sample) {
          return failure(ReadErrorKind::Inconsistent, files[i].name,
                         "well " + wellLabel(w.position) + " holds '" + w.sample + "', but '" + it->second.first +
                             "' in " + files[it->second.second].name);
        }
      }
      w.sourceFile = static_cast<int>(i);
      merged.wells.push_back(std::move(w));
    }
  }
  ReadOutcome out;
  out.run = std::move(merged);
  return out;
}

}  // namespace

std::string_view readErrorCode(ReadErrorKind kind) {
  switch (kind) {
    case ReadErrorKind::TooLarge: return "too_large";
    case ReadErrorKind::Empty: return "empty";
    case ReadErrorKind::Binary: return "binary";
    case ReadErrorKind::Truncated: return "truncated";
    case ReadErrorKind::Malformed: return "malformed";
    case ReadErrorKind::UnknownFormat: return "unknown_format";
    case ReadErrorKind::NoResults: return "no_results";
    case ReadErrorKind::Inconsistent: return "inconsistent";
    case ReadErrorKind::Unreadable: return "unreadable";
  }
  return "malformed";
}

ReadOutcome readRun(const InputFile& file, const ReadOptions& options) {
  return readRun(std::span<const InputFile>(&file, 1), options);
}

ReadOutcome readRun(std::span<const InputFile> files, const ReadOptions& options) {
  return readFiles(files, options, 0);
}

namespace {

ReadOutcome readFiles(std::span<const InputFile> files, const ReadOptions& options, int depth) {
  if (files.empty()) return failure(ReadErrorKind::Empty, "", "no file given");
  std::vector<RunData> parts;
  parts.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    try {
      parts.push_back(readBytes(files[i].bytes, options, depth));
    } catch (const FormatError& e) {
      return failure(e.kind(), files[i].name, e.what());
    }
  }
  if (parts.size() == 1) {
    if (parts[0].wells.empty()) {
      return failure(ReadErrorKind::NoResults, files[0].name,
                     "a run-information file holds no Cq values: import the Quantification Cq Results file "
                     "(this one may accompany it)");
    }
    // Members of an archive bundle are named inside the archive: "run.zip!fam.txt".
    if (parts[0].sources.empty()) {
      parts[0].sources = {files[0].name};
    } else {
      for (auto& source : parts[0].sources) source = files[0].name + "!" + source;
    }
    ReadOutcome out;
    out.run = std::move(parts[0]);
    return out;
  }
  return merge(std::move(parts), files);
}

}  // namespace

LoadOutcome loadFile(const std::string& path, std::size_t maxBytes) {
  LoadOutcome out;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    out.error = ReadError{ReadErrorKind::Unreadable, path, path + ": cannot be read: " + ec.message()};
    return out;
  }
  if (size > maxBytes) {
    out.error = ReadError{ReadErrorKind::TooLarge, path,
                          path + ": the file has " + std::to_string(size) + " bytes, more than the limit of " +
                              std::to_string(maxBytes)};
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = ReadError{ReadErrorKind::Unreadable, path, path + ": cannot be opened"};
    return out;
  }
  return loadStream(in, path, maxBytes);
}

LoadOutcome loadStream(std::istream& in, std::string name, std::size_t maxBytes) {
  LoadOutcome out;
  std::string bytes;
  char buffer[65536];
  while (in) {
    in.read(buffer, sizeof buffer);
    const auto got = static_cast<std::size_t>(in.gcount());
    if (bytes.size() + got > maxBytes) {
      out.error = ReadError{ReadErrorKind::TooLarge, name,
                            name + ": more than the limit of " + std::to_string(maxBytes) + " bytes"};
      return out;
    }
    bytes.append(buffer, got);
  }
  if (in.bad()) {
    out.error = ReadError{ReadErrorKind::Unreadable, name, name + ": read error"};
    return out;
  }
  out.file = InputFile{std::move(name), std::move(bytes)};
  return out;
}

}  // namespace natlims::instruments
