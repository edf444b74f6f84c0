#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "natlims/reporting/PositiveReport.h"

namespace natlims::reporting::detail {

/// The identity numbers (as given and normalised) and names of a report's persons.
std::vector<std::string> reportIdentities(const PositiveReport& report);

/// A receiver's answer made fit for logs: cut to `maxBytes` (on a UTF-8 boundary), control
/// characters turned into blanks, every listed identity replaced by its masked form (numbers
/// with maskIdNumber, anything else with maskName), and any remaining run of letters and digits
/// that holds 8 or more digits masked as an identity number.
std::string scrubForLog(std::string_view text, const std::vector<std::string>& identities, std::size_t maxBytes = 300);

}  // namespace natlims::reporting::detail
