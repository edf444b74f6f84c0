#include "natlims/domain/Masking.h"

#include <algorithm>

namespace natlims::domain {

namespace {

std::string maskMiddle(std::string_view s, std::size_t keepHead, std::size_t keepTail) {
  std::string out(s.substr(0, keepHead));
  out.append(s.size() - keepHead - keepTail, '*');
  out.append(s.substr(s.size() - keepTail));
  return out;
}

}  // namespace

std::string maskIdNumber(std::string_view number) {
  const std::size_t n = number.size();
  if (n >= 12) return maskMiddle(number, 4, 4);
  // Shorter documents (passports, permits): reveal at most a quarter at each end.
  const std::size_t keep = std::min<std::size_t>(2, n / 4);
  return maskMiddle(number, keep, keep);
}

std::string maskName(std::string_view name) {
  if (name.empty()) return {};
  std::size_t first = 1;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  std::string out(name.substr(0, first));
  for (std::size_t i = first; i < name.size(); ++i)
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) out.push_back('*');
  if (out.size() == first) out.push_back('*');  // a one-character name still hides its length
  return out;
}

std::string maskPhone(std::string_view phone) {
  const std::size_t n = phone.size();
  if (n >= 11) return maskMiddle(phone, 3, 4);
  const std::size_t keep = std::min<std::size_t>(2, n / 4);
  return maskMiddle(phone, keep, keep);
}

}  // namespace natlims::domain
