#pragma once

#include <string>
#include <string_view>

namespace natlims::reporting {

/// Escapes data for an HL7 v2 field with the standard separators |^~\&: \F\ \S\ \R\ \E\ \T\ for
/// the delimiters, \X0D\ and \X0A\ for CR and LF (a raw CR would end the segment), and drops
/// other C0 control characters. UTF-8 passes through unchanged (MSH-18 says UNICODE UTF-8).
std::string hl7Escape(std::string_view text);

}  // namespace natlims::reporting
