#pragma once

#include <string_view>

#include "natlims/instruments/RunData.h"
#include "text/Table.h"

namespace natlims::instruments::detail {

/// The natlims-results-v1 JSON document that instrument links produce. Every field is checked
/// and a fault names it ("wells[3].ct: must be a number or null").
RunData readResultsJson(std::string_view json);

/// The rows of the <table> elements of an HTML document (Chinese instrument software saves
/// "xls" files that are HTML). Empty when there is no table.
Table htmlTable(std::string_view html);

}  // namespace natlims::instruments::detail
