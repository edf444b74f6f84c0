#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "natlims/instruments/RunData.h"
#include "natlims/instruments/RunReader.h"
#include "text/Numbers.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

/// "line 12" for text, "sheet 'Results' row 12" for spreadsheets.
std::string where(const Table& table, int line);

[[noreturn]] void fail(ReadErrorKind kind, const Table& table, int line, const std::string& message);

/// The index of the first row among the first `maxRows` for which `isHeader` holds, or -1.
int findHeaderRow(const Table& table, const std::function<bool(const HeaderIndex&)>& isHeader,
                  std::size_t maxRows = 400);

/// Plate geometry from an ABI block type or similar text ("384-Well Block", "96fast").
std::optional<PlateFormat> plateFromBlockType(std::string_view text);

/// A well cell: a label ("A1", "A01"), or a row-major number counted from `numberBase` on
/// `format` (numbers such as "13" or "13.0"). Nullopt when it is neither.
std::optional<WellPosition> parseWellCell(std::string_view text, int numberBase,
                                          std::optional<PlateFormat> format);

/// Sets run.plate from the wells when the file did not state it (a well beyond H12 means 384).
void inferPlate(RunData& run);

/// True for the texts that mean "no amplification" in the exports we know: Undetermined,
/// UNDETERMINED, NaN, N/A, No Ct, NoCt (case-insensitive, trimmed).
bool isNoCtWord(std::string_view text);

/// True when a reader emitted nothing: throws NoResults naming the file part.
void requireWells(const RunData& run, const Table& table, const char* what);

}  // namespace natlims::instruments::detail
