#pragma once

#include <optional>

#include "natlims/instruments/RunData.h"
#include "natlims/instruments/RunReader.h"
#include "natlims/instruments/TableMapping.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

/// Bio-Rad CFX Manager / Maestro "Quantification Cq Results" (CSV or the xlsx sheet): header
/// with Well, Fluor, Content and Cq; wells "A01"; NaN, N/A or empty Cq means no amplification;
/// "Cq Mean" is never read (it is 0 when nothing amplified). `delimiter` ';' means a European
/// locale: decimal commas. Nullopt when the header is absent.
std::optional<RunData> readCfxTable(const Table& table, char delimiter);

/// The CFX "Run Information" companion file: key/value lines only, no wells.
std::optional<RunData> readCfxRunInformation(const Table& table);

/// RDES (the RDML consortium's tab-separated companion): Well, Sample, Sample Type, Target,
/// Target Type, Dye, Cq; empty or -1 Cq means none.
std::optional<RunData> readRdesTable(const Table& table);

/// Roche LightCycler 480 "Abs Quant/2nd Derivative Max" export: line 1 "Experiment: ...
/// Selected Filter: NAME (exc-em)", header Include/Color/Pos/Name/Cp. One channel per file;
/// the dye comes from the filter. Empty Cp means no amplification.
std::optional<RunData> readLightCycler480(const Table& table);

/// A delimited table read through a configured mapping. Nullopt when the mapping's well and
/// Ct headers are not found in the first rows.
std::optional<RunData> readMappedTable(const Table& table, const TableMapping& mapping, char delimiter);

/// Every table reader in turn: the configured mappings, CFX, RDES, ABI, the built-in mapping.
std::optional<RunData> readAnyTable(const Table& table, char delimiter, const ReadOptions& options);

}  // namespace natlims::instruments::detail
