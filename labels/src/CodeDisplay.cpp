#include "CodeDisplay.h"

#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/Masking.h"

namespace natlims::labels {

std::string displayCodeInput(std::string_view text) {
  const std::string normal = domain::normalizeCode(text);
  const bool codeShaped = normal.size() == domain::codes::kLength &&
                          (normal[0] == 'T' || normal[0] == 'X' || normal[0] == 'K');
  return codeShaped ? std::string(text) : domain::maskIdNumber(text);
}

}  // namespace natlims::labels
