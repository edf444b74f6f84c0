#include "natlims/links/AstmMessage.h"

namespace natlims::links {

AstmParse parseAstmMessage(const std::vector<std::string>& recordTexts) {
  AstmParse result;
  if (recordTexts.empty()) {
    result.error = "empty message";
    return result;
  }
  std::string why;
  const auto delimiters = AstmDelimiters::fromHeader(recordTexts.front(), &why);
  if (!delimiters) {
    result.error = why;
    return result;
  }
  AstmMessage message;
  message.delimiters = *delimiters;
  message.records.reserve(recordTexts.size());
  for (const auto& text : recordTexts) {
    AstmRecord record(text, *delimiters);
    // A record's type letter stands alone in field 1 ("R|1|..."); anything else is not E1394.
    if (record.rawField(1).size() != 1) {
      result.error = "record " + std::to_string(message.records.size() + 1) +
                     " does not start with a record type letter and the field delimiter";
      return result;
    }
    message.records.push_back(std::move(record));
  }
  if (message.records.back().type() != 'L') {
    result.error = "the message does not end with an L record";
    return result;
  }
  result.message = std::move(message);
  return result;
}

}  // namespace natlims::links
