#include "IdentityScrub.h"

#include <algorithm>
#include <cctype>

#include "natlims/domain/Masking.h"

namespace natlims::reporting::detail {

namespace {

bool isDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool looksLikeNumber(std::string_view s) {
  // Identity numbers are digits with at most a few letters (X check, E/H/M prefixes).
  const auto digits = std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits * 2 >= static_cast<long>(s.size());
}

void replaceAll(std::string& text, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
}

std::string maskLongDigitRuns(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isalnum(static_cast<unsigned char>(text[i]))) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t j = i;
    int digits = 0;
    while (j < text.size() && std::isalnum(static_cast<unsigned char>(text[j]))) {
      if (std::isdigit(static_cast<unsigned char>(text[j]))) ++digits;
      ++j;
    }
    const std::string_view token(text.data() + i, j - i);
    out += digits >= 8 ? domain::maskIdNumber(token) : std::string(token);
    i = j;
  }
  return out;
}

}  // namespace

std::vector<std::string> reportIdentities(const PositiveReport& report) {
  std::vector<std::string> out;
  for (const Person& p : report.persons) {
    out.push_back(p.idNumber);
    const auto check = domain::validateIdDocument(p.idType, p.idNumber, p.nationality);
    if (check.ok && check.normalized != p.idNumber) out.push_back(check.normalized);
    out.push_back(p.name);
    if (!p.phone.empty()) out.push_back(p.phone);
  }
  return out;
}

std::string scrubForLog(std::string_view text, const std::vector<std::string>& identities, std::size_t maxBytes) {
  std::string out;
  for (char c : text) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? ' ' : c);
  // Longest first, so that a name inside another name is not half-masked.
  std::vector<std::string> sorted(identities.begin(), identities.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const std::string& identity : sorted) {
    if (identity.size() < 2) continue;
    const bool number = isDigits(identity) || looksLikeNumber(identity);
    replaceAll(out, identity, number ? domain::maskIdNumber(identity) : domain::maskName(identity));
  }
  out = maskLongDigitRuns(out);
  if (out.size() > maxBytes) {
    std::size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

}  // namespace natlims::reporting::detail
