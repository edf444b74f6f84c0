#include "natlims/reporting/Hl7Escape.h"

namespace natlims::reporting {

std::string hl7Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (const char c : text) {
    switch (c) {
      case '|': out += "\\F\\"; break;
      case '^': out += "\\S\\"; break;
      case '~': out += "\\R\\"; break;
      case '\\': out += "\\E\\"; break;
      case '&': out += "\\T\\"; break;
      case '\r': out += "\\X0D\\"; break;
      case '\n': out += "\\X0A\\"; break;
      default:
        // Other control characters have no place in a field; a tab or NUL would upset receivers.
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out.push_back(c);
    }
  }
  return out;
}

}  // namespace natlims::reporting
