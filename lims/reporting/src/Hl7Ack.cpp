#include "natlims/reporting/Hl7Ack.h"

#include <vector>

namespace natlims::reporting {

namespace {

struct Separators {
  char field = '|';
  char component = '^';
  char repetition = '~';
  char escape = '\\';
  char subcomponent = '&';
};

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = text.find(separator, start);
    if (at == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string unescape(std::string_view raw, const Separators& sep) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != sep.escape) {
      out.push_back(raw[i]);
      continue;
    }
    const std::size_t end = raw.find(sep.escape, i + 1);
    if (end == std::string_view::npos) {  // an unterminated escape: keep it as text
      out.append(raw.substr(i));
      break;
    }
    const std::string_view seq = raw.substr(i + 1, end - i - 1);
    if (seq == "F") out.push_back(sep.field);
    else if (seq == "S") out.push_back(sep.component);
    else if (seq == "T") out.push_back(sep.subcomponent);
    else if (seq == "R") out.push_back(sep.repetition);
    else if (seq == "E") out.push_back(sep.escape);
    else if (seq == ".br") out.push_back('\n');
    else if (!seq.empty() && seq[0] == 'X' && seq.size() % 2 == 1) {
      for (std::size_t h = 1; h + 1 < seq.size(); h += 2) {
        const int hi = hexValue(seq[h]);
        const int lo = hexValue(seq[h + 1]);
        if (hi >= 0 && lo >= 0) out.push_back(static_cast<char>(hi * 16 + lo));
      }
    }
    i = end;
  }
  return out;
}

// The first component of the first repetition of a raw field, unescaped.
std::string firstComponent(std::string_view raw, const Separators& sep, std::size_t component = 1) {
  const std::string_view rep = raw.substr(0, raw.find(sep.repetition));
  const auto parts = split(rep, sep.component);
  if (component > parts.size()) return {};
  const std::string_view c = parts[component - 1];
  return unescape(c.substr(0, c.find(sep.subcomponent)), sep);
}

void appendText(std::string& to, const std::string& text) {
  if (text.empty() || to.find(text) != std::string::npos) return;
  if (!to.empty()) to += "; ";
  to += text;
}

}  // namespace

Hl7AckParse parseHl7Ack(std::string_view text) {
  Hl7AckParse result;
  if (text.size() < 8 || text.substr(0, 3) != "MSH") {
    result.error = "not an HL7 message (no MSH at the start)";
    return result;
  }
  Separators sep;
  sep.field = text[3];
  sep.component = text[4];
  sep.repetition = text[5];
  sep.escape = text[6];
  sep.subcomponent = text[7];

  std::vector<std::string_view> segments;
  for (std::string_view line : split(text, '\r'))
    for (std::string_view part : split(line, '\n'))
      if (!part.empty()) segments.push_back(part);

  std::optional<std::vector<std::string_view>> msa;
  std::string errors;
  for (std::string_view segment : segments) {
    const auto fields = split(segment, sep.field);
    if (fields[0] == "MSA" && !msa) msa = fields;
    if (fields[0] == "ERR") {
      // v2.5: ERR-8 user message, ERR-3 HL7 error code (code^text); v2.3 style: ERR-1
      // segment^sequence^field^code&text.
      if (fields.size() > 8) appendText(errors, unescape(fields[8], sep));
      if (fields.size() > 3) appendText(errors, firstComponent(fields[3], sep, 2));
      if (fields.size() > 1) {
        const auto comps = split(fields[1], sep.component);
        if (comps.size() >= 4) {
          const auto sub = split(comps[3], sep.subcomponent);
          if (sub.size() >= 2) appendText(errors, unescape(sub[1], sep));
        }
      }
    }
  }
  if (!msa) {
    result.error = "no MSA segment";
    return result;
  }
  const auto& f = *msa;
  Hl7Ack ack;
  ack.codeText = f.size() > 1 ? firstComponent(f[1], sep) : std::string();
  if (ack.codeText == "AA" || ack.codeText == "CA") ack.code = Hl7Ack::Code::Accept;
  else if (ack.codeText == "AE" || ack.codeText == "CE") ack.code = Hl7Ack::Code::Error;
  else if (ack.codeText == "AR" || ack.codeText == "CR") ack.code = Hl7Ack::Code::Reject;
  else {
    result.error = "MSA-1 is not AA, AE, AR, CA, CE or CR";
    return result;
  }
  ack.controlId = f.size() > 2 ? firstComponent(f[2], sep) : std::string();
  if (ack.controlId.empty()) {
    result.error = "MSA-2 (the control id acknowledged) is empty";
    return result;
  }
  if (f.size() > 3) ack.text = unescape(f[3], sep);
  appendText(ack.text, errors);
  result.ack = std::move(ack);
  return result;
}

}  // namespace natlims::reporting
