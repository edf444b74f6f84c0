#pragma once

#include <optional>
#include <string_view>

#include "natlims/instruments/RunData.h"

namespace natlims::instruments::detail {

/// RDML 1.0-1.4 (rdml_data.xml or bare XML). All runs of the file are read as one plate (Bio-Rad
/// writes one run per dye); a well read twice for one target is an Inconsistent error.
/// `lc96Calls` is the LightCycler 96 calculated_data.xml when the archive has one: its
/// Negative/Invalid calls override the Cq (the LC96 stores 100 or a meaningless Cq there).
/// No Cq: a missing <cq> (when other data have one), a negative cq (-1.0 = not available), or a
/// cq at or past the run's last cycle. A file without any <cq> is refused (NoResults): it holds
/// raw data only, and reading it as "no amplification" would report false negatives.
RunData readRdml(std::string_view xml, std::optional<std::string_view> lc96Calls);

/// True when the XML's root element is <rdml>.
bool looksLikeRdml(std::string_view xml);

}  // namespace natlims::instruments::detail
