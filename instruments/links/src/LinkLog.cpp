#include "natlims/links/LinkLog.h"

namespace natlims::links {

std::string_view logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
  }
  return "?";
}

LogSink nullLog() {
  return [](LogLevel, std::string_view) {};
}

}  // namespace natlims::links
