#include "natlims/links/DyeName.h"

#include <array>
#include <utility>

#include "Text.h"

namespace natlims::links {

namespace {

// Reporter dyes of the qPCR instruments and kits in use (FORMATS.md, kit leaflets): key without
// blanks, upper case -> canonical spelling.
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kDyes{{
    {"FAM", "FAM"},         {"VIC", "VIC"},           {"HEX", "HEX"},
    {"JOE", "JOE"},         {"TET", "TET"},           {"CY5", "CY5"},
    {"CY55", "CY5.5"},      {"CY3", "CY3"},           {"ROX", "ROX"},
    {"TEXASRED", "TEXAS RED"}, {"TAMRA", "TAMRA"},    {"NED", "NED"},
    {"ABY", "ABY"},         {"JUN", "JUN"},           {"QUASAR670", "QUASAR 670"},
    {"QUASAR705", "QUASAR 705"}, {"CALFLUORRED610", "CAL FLUOR RED 610"},
    {"CALFLUORORANGE560", "CAL FLUOR ORANGE 560"}, {"SYBR", "SYBR"}, {"SYBRGREEN", "SYBR"},
}};

}  // namespace

std::optional<std::string> canonicalDye(std::string_view raw) {
  std::string key;
  for (char c : text::trim(raw)) {
    if (c == ' ' || c == '.' || c == '-' || c == '_') continue;
    key.push_back(c);
  }
  key = text::upperAscii(key);
  if (key.empty()) return std::nullopt;
  for (const auto& [k, name] : kDyes) {
    if (key == k) return std::string(name);
  }
  return std::nullopt;
}

}  // namespace natlims::links
