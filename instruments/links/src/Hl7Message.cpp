#include "natlims/links/Hl7Message.h"

#include "Text.h"

namespace natlims::links {

namespace {

bool validSegmentName(std::string_view name) {
  if (name.size() != 3) return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace

Hl7Message::Parse Hl7Message::parse(std::string_view text) {
  Parse result;
  // Strip trailing segment separators / blanks a sender may add after the last segment.
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.remove_suffix(1);
  if (text.size() < 8 || text.substr(0, 3) != "MSH") {
    result.error = "the message does not start with an MSH segment";
    return result;
  }
  Hl7Encoding enc;
  enc.field = text[3];
  const auto msh2End = text.find(enc.field, 4);
  if (msh2End == std::string_view::npos) {
    result.error = "MSH-2 (encoding characters) is not followed by the field separator";
    return result;
  }
  const auto msh2 = text.substr(4, msh2End - 4);
  if (msh2.size() < 4 || msh2.size() > 5) {
    result.error = "MSH-2 must hold 4 or 5 encoding characters, it holds " + std::to_string(msh2.size());
    return result;
  }
  enc.component = msh2[0];
  enc.repetition = msh2[1];
  enc.escape = msh2[2];
  enc.subcomponent = msh2[3];
  enc.msh2 = std::string(msh2);
  const char all[] = {enc.field, enc.component, enc.repetition, enc.escape, enc.subcomponent};
  for (int i = 0; i < 5; ++i) {
    const auto u = static_cast<unsigned char>(all[i]);
    if (u <= 0x20 || u >= 0x7F || (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z')) {
      result.error = "MSH-1/MSH-2 separators must be printable punctuation";
      return result;
    }
    for (int j = 0; j < i; ++j) {
      if (all[i] == all[j]) {
        result.error = "MSH-1/MSH-2 declare the same character twice";
        return result;
      }
    }
  }

  Hl7Message message;
  message._encoding = enc;
  std::size_t start = 0;
  std::size_t number = 0;
  while (start < text.size()) {
    auto end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    const auto segment = text.substr(start, end - start);
    start = end + 1;
    if (segment.empty()) continue;  // CRLF, or a blank line
    ++number;
    const auto name = segment.substr(0, segment.find(enc.field));
    if (!validSegmentName(name)) {
      result.error = "segment " + std::to_string(number) + " has no valid segment name";
      return result;
    }
    if (name == "MSH" && number != 1) {
      result.error = "a second MSH segment (segment " + std::to_string(number) + "): batches are not taken over MLLP";
      return result;
    }
    message._segments.emplace_back(std::string(segment), enc);
  }
  result.message = std::move(message);
  return result;
}

}  // namespace natlims::links
