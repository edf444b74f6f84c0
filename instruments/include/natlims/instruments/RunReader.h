#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/instruments/RunData.h"
#include "natlims/instruments/TableMapping.h"

namespace natlims::instruments {

/// One result file as received: its name is used in messages only, never to pick a reader.
struct InputFile {
  std::string name;
  std::string bytes;
};

struct ReadOptions {
  /// Largest input file accepted, in bytes. Default: 32 MiB. Larger files are refused before
  /// they are read (loadFile, loadStream) or parsed (readRun).
  std::size_t maxBytes = 32u << 20;
  /// Largest member of a zip archive (.eds, .xlsx, .rdml) or gzip stream once unpacked.
  /// Default: 128 MiB. Checked against the archive's header before unpacking, and again while
  /// unpacking (a header may lie).
  std::size_t maxUnpackedBytes = 128u << 20;
  /// Configured delimited-table layouts, tried in order before the built-in one.
  std::vector<TableMapping> tableMappings;
  /// Forces the text encoding: "utf-8", "utf-16", "gb18030", "latin-1". Default: sniffed.
  std::string encoding;
};

enum class ReadErrorKind {
  TooLarge,       // larger than ReadOptions::maxBytes / maxUnpackedBytes
  Empty,          // no bytes, or no rows
  Binary,         // not text and no known container (NUL bytes, garbage)
  Truncated,      // the file stops in the middle (cut-off zip, XML, JSON or table row)
  Malformed,      // a known format with content that breaks its rules (bad Ct, bad well)
  UnknownFormat,  // readable, but no reader recognises it
  NoResults,      // a known file that carries no Ct values (setup, raw data, unanalysed run)
  Inconsistent,   // several files that do not form one run
  Unreadable,     // the file could not be opened or read (loadFile, loadStream)
};

/// "too_large", "empty", "binary", "truncated", "malformed", "unknown_format", "no_results",
/// "inconsistent", "unreadable": stable codes for APIs.
std::string_view readErrorCode(ReadErrorKind kind);

struct ReadError {
  ReadErrorKind kind = ReadErrorKind::Malformed;
  std::string file;     // the input's name
  std::string message;  // for a person: names the file, line and column or field at fault
};

/// The outcome of reading: a run, or the one reason it could not be read (never both, never
/// a partial run).
struct ReadOutcome {
  std::optional<RunData> run;
  ReadError error;
  bool ok() const { return run.has_value(); }
};

/// Reads one result file. The reader is chosen by content: gzip and zip containers (.eds,
/// .xlsx, .rdml), XML (RDML, HTML tables), JSON (natlims-results-v1) and delimited text
/// (ABI 7500/QuantStudio/SDS, Bio-Rad CFX, LightCycler 480, RDES, configured tables).
ReadOutcome readRun(const InputFile& file, const ReadOptions& options = {});

/// Reads several files that together form one run (a LightCycler 480 run exports one file per
/// channel; a CFX "Run Information" file may accompany its results). The files must be of one
/// format and must not contradict each other (the same well and dye twice, one well with two
/// sample names): otherwise the outcome is an Inconsistent error and no run.
ReadOutcome readRun(std::span<const InputFile> files, const ReadOptions& options = {});

/// A file loaded for reading, or why it was not.
struct LoadOutcome {
  std::optional<InputFile> file;
  ReadError error;
  bool ok() const { return file.has_value(); }
};

/// Loads a file, refusing it by its size on disk before reading any of it.
LoadOutcome loadFile(const std::string& path, std::size_t maxBytes);

/// Reads a stream of unknown length, stopping (and refusing) once it passes `maxBytes`.
LoadOutcome loadStream(std::istream& in, std::string name, std::size_t maxBytes);

}  // namespace natlims::instruments
