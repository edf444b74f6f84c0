#pragma once

#include <functional>
#include <string_view>

namespace natlims::links {

enum class LogLevel { Debug, Info, Warning, Error };

std::string_view logLevelName(LogLevel level);

/// Where the links report what happens on the wire. Called from the link threads, so an
/// implementation must be thread-safe. Messages never carry identity numbers or names: patient
/// records (ASTM P, HL7 PID) are never read into a message, and sample ids that fail validation are
/// masked when they look like identity numbers (see safeSampleText in SampleName.h).
using LogSink = std::function<void(LogLevel, std::string_view)>;

/// A sink that drops everything (the default where none is given).
LogSink nullLog();

}  // namespace natlims::links
