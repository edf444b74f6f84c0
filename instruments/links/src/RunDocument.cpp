#include "natlims/links/RunDocument.h"

#include <charconv>
#include <cstdio>

namespace natlims::links {

namespace {

// JSON string escaping (RFC 8259): quote, backslash and control characters; the text is already
// UTF-8, so everything else passes as it is.
void appendString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void appendKey(std::string& out, std::string_view key) {
  appendString(out, key);
  out.push_back(':');
}

// Shortest representation that reads back to the same double: 31.2 stays "31.2".
void appendNumber(std::string& out, double v) {
  char buf[32];
  const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? ptr : buf);
}

}  // namespace

std::string toJson(const RunDocument& run) {
  std::string out;
  out.reserve(128 + run.wells.size() * 64);
  out += '{';
  appendKey(out, "format");
  appendString(out, "natlims-results-v1");
  out += ',';
  appendKey(out, "source");
  appendString(out, run.source);
  out += ',';
  appendKey(out, "instrument");
  appendString(out, run.instrument);
  out += ',';
  appendKey(out, "run_id");
  appendString(out, run.runId);
  out += ',';
  appendKey(out, "wells");
  out += '[';
  bool first = true;
  for (const auto& w : run.wells) {
    if (!first) out += ',';
    first = false;
    out += '{';
    if (w.well) {
      appendKey(out, "well");
      appendString(out, *w.well);
      out += ',';
    }
    appendKey(out, "sample");
    appendString(out, w.sample);
    out += ',';
    appendKey(out, "target");
    appendString(out, w.target);
    out += ',';
    if (w.dye) {
      appendKey(out, "dye");
      appendString(out, *w.dye);
      out += ',';
    }
    appendKey(out, "ct");
    if (w.ct) {
      appendNumber(out, *w.ct);
    } else {
      out += "null";
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace natlims::links
