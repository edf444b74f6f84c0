#include "natlims/links/Hl7Ack.h"

#include <atomic>
#include <chrono>
#include <ctime>

namespace natlims::links {

namespace {

std::string_view errorDescription(std::string_view code) {
  if (code == "100") return "Segment sequence error";
  if (code == "101") return "Required field missing";
  if (code == "102") return "Data type error";
  if (code == "103") return "Table value not found";
  if (code == "200") return "Unsupported message type";
  if (code == "201") return "Unsupported event code";
  if (code == "202") return "Unsupported processing id";
  if (code == "203") return "Unsupported version id";
  if (code == "204") return "Unknown key identifier";
  if (code == "205") return "Duplicate key identifier";
  if (code == "206") return "Application record locked";
  return "Application internal error";
}

std::string escapeText(std::string_view text, const Hl7Encoding& enc) {
  std::string out;
  for (char c : text) {
    if (c == enc.escape) {
      out += enc.escape, out += 'E', out += enc.escape;
    } else if (c == enc.field) {
      out += enc.escape, out += 'F', out += enc.escape;
    } else if (c == enc.component) {
      out += enc.escape, out += 'S', out += enc.escape;
    } else if (c == enc.repetition) {
      out += enc.escape, out += 'R', out += enc.escape;
    } else if (c == enc.subcomponent) {
      out += enc.escape, out += 'T', out += enc.escape;
    } else if (c == '\r' || c == '\n' || c == '\x0B' || c == '\x1C') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S+0000", &tm);
  return buf;
}

std::string newControlId() {
  static std::atomic<unsigned long> counter{0};
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return "NLACK" + std::to_string(ms) + "-" + std::to_string(++counter);
}

std::string tail(const Hl7AckContent& content, std::string_view controlId, const Hl7Encoding& enc) {
  const char f = enc.field;
  std::string out;
  out += "MSA";
  out += f;
  out += content.code;
  out += f;
  out += std::string(controlId);
  if (!content.text.empty()) {
    out += f;
    out += escapeText(content.text.substr(0, 80), enc);  // MSA-3 is 80 characters long
  }
  if (content.code != "AA") {
    const std::string code = content.errorCode.empty() ? "207" : content.errorCode;
    out += '\r';
    out += "ERR";
    out += f;  // ERR-1 (deprecated)
    out += f;  // ERR-2 location
    out += f;
    out += code;
    out += enc.component;
    out += escapeText(errorDescription(code), enc);
    out += enc.component;
    out += "HL70357";
    out += f;
    out += "E";  // ERR-4 severity
    out += f;    // ERR-5
    out += f;    // ERR-6
    out += f;    // ERR-7 diagnostic information
    out += escapeText(content.text, enc);
    out += f;  // ERR-8 user message
    out += escapeText(content.text, enc);
  }
  out += '\r';
  return out;
}

}  // namespace

std::string buildHl7Ack(const Hl7Message& message, const Hl7AckContent& content) {
  const auto& enc = message.encoding();
  const auto& msh = message.msh();
  const char f = enc.field;
  std::string out = "MSH";
  out += f;
  out += enc.msh2;
  // Sending and receiving application / facility swap places: the fields are copied raw, in the
  // sender's own encoding.
  for (std::size_t n : {5, 6, 3, 4}) {
    out += f;
    out += msh.rawField(n);
  }
  out += f;
  out += timestamp();
  out += f;  // MSH-8 security
  out += f;
  out += "ACK";
  out += enc.component;
  out += escapeText(msh.get(9, 2), enc);
  out += enc.component;
  out += "ACK";
  out += f;
  out += newControlId();
  out += f;
  out += msh.rawField(11);
  out += f;
  out += msh.rawField(12);
  out += '\r';
  out += tail(content, msh.rawField(10), enc);
  return out;
}

std::string buildHl7AckWithoutMessage(const Hl7AckContent& content) {
  const Hl7Encoding enc;
  std::string out = "MSH|^~\\&|||||" + timestamp() + "||ACK|" + newControlId() + "|P|2.5.1\r";
  out += tail(content, "", enc);
  return out;
}

std::string mllpFrame(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 3);
  out.push_back('\x0B');
  out.append(message);
  out.push_back('\x1C');
  out.push_back('\x0D');
  return out;
}

}  // namespace natlims::links
