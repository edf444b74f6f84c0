#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "natlims/planner/Scenario.h"

namespace natlims::planner {

/// Parameters of a synthetic city (the planning benchmark's 20-million-person city by default).
struct CitySpec {
  std::int64_t population = 20'000'000;
  int gridUnits = 10'000;
  int sites = 5'000;
  int labs = 50;
  std::uint64_t seed = 1;
  double deadlineHours = 48;
};

/// Builds a deterministic city scenario: grid units of varying size over districts and streets,
/// sites serving neighbouring units with tables sized to about 12 hours of work, opening 7-22 (one
/// in ten around the clock), labs with instruments sized to their load, 10-in-1 pools (20-in-1 in a
/// quarter of the units), 0.1 % close contacts and 2 % key groups.
class CityGenerator {
 public:
  static Scenario generate(const CitySpec& spec);
  /// Parses "population=20000000,grid_units=10000,sites=5000,labs=50,seed=1" (every key
  /// optional). On error returns nullopt and sets `error`.
  static std::optional<CitySpec> parseSpec(std::string_view text, std::string& error);
};

}  // namespace natlims::planner
