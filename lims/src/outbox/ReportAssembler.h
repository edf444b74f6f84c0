#pragma once

#include "natlims/instruments/Kit.h"
#include "natlims/lims/OutboxRecords.h"
#include "natlims/reporting/PositiveReport.h"

namespace natlims::lims {

/// The report to public health for a released result: the people of the tube (or the sample),
/// the specimen, the kit's targets with their Ct values and LOINC codes. `messageId` is the
/// report's stable id (the same for every version). Throws reporting::ReportError when the
/// facts cannot make a valid report.
reporting::PositiveReport assembleReport(const ReportFacts& facts, const instruments::Kit* kit, const std::string& messageId,
                                         const std::string& labName);

}  // namespace natlims::lims
