#pragma once

#include <optional>
#include <string>
#include <vector>

#include "natlims/links/AstmRecord.h"

namespace natlims::links {

/// A complete E1394 message: H first, L last, every record read with the delimiters the H record
/// declares.
struct AstmMessage {
  AstmDelimiters delimiters;
  std::vector<AstmRecord> records;
};

struct AstmParse {
  std::optional<AstmMessage> message;
  std::string error;  // when !message: which record is wrong and why
};

/// Parses record texts (without their CR) as received between an H and an L record.
AstmParse parseAstmMessage(const std::vector<std::string>& recordTexts);

}  // namespace natlims::links
