#pragma once

#include <optional>

#include "natlims/instruments/RunData.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

/// Applied Biosystems text export (7500 v2, StepOne, QuantStudio, ViiA 7): "* Key = Value"
/// lines, then [Sections]; results come from [Results]. `table` is the text split on tabs.
/// Nullopt when the text does not start like one. Throws FormatError(NoResults) for an ABI
/// export without a [Results] section.
std::optional<RunData> readAbiText(const Table& table);

/// Applied Biosystems results as a plain table (QuantStudio CSV, Design & Analysis and .xls/
/// .xlsx Results sheets, SDS 2.x "RQ Results"): an optional key/value preamble, then a header
/// row with a well column and a Ct/Cq column. Nullopt when no such header is found.
std::optional<RunData> readAbiTable(const Table& table);

/// The `apldbio/sds/analysis_result.txt` member of a 7500 v2 .eds archive (0-based well index;
/// Ct equal to the cycle count means Undetermined). Nullopt when the text is not one.
std::optional<RunData> readEdsAnalysisResult(const Table& table);

}  // namespace natlims::instruments::detail
