#pragma once

#include <cstdint>
#include <string>

namespace natlims::loadgen {

/// A valid, distinct 18-digit resident ID for every n < 36,500,000 * 899 (area codes 110101 and
/// up, one birth date per 1,000 people over 100 years, sequence n % 1000).
std::string residentIdFor(std::uint64_t n);

/// A short Chinese name for person n.
std::string nameFor(std::uint64_t n);

}  // namespace natlims::loadgen
