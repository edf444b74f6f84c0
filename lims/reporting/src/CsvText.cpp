#include "CsvText.h"

namespace natlims::reporting::detail {

void appendCsvField(std::string& out, std::string_view value) {
  const bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '@' ||
                                          (value[0] == '-' && value.size() > 1 && !(value[1] >= '0' && value[1] <= '9')));
  const bool quote = formula || value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out += value;
    return;
  }
  out.push_back('"');
  if (formula) out.push_back('\'');
  for (char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace natlims::reporting::detail
