#pragma once

#include <cmath>
#include <cstdint>

namespace natlims::planner {

/// xoshiro256** seeded through splitmix64: fast, and the same numbers on every platform (the
/// standard library's distributions differ between implementations, ours do not).
class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (auto& word : _s) word = splitmix(seed);
  }

  /// A seed for stream `b` of stream `a` of `seed` (run, site or lab), independent of the others.
  static std::uint64_t derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
    std::uint64_t x = seed ^ (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full + 0x165667B19E3779F9ull);
    return splitmix(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(_s[1] * 5, 7) * 9;
    const std::uint64_t t = _s[1] << 17;
    _s[2] ^= _s[0];
    _s[3] ^= _s[1];
    _s[1] ^= _s[2];
    _s[0] ^= _s[3];
    _s[2] ^= t;
    _s[3] = rotl(_s[3], 45);
    return result;
  }

  /// Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool bernoulli(double p) { return uniform() < p; }

  double normal() {
    if (_hasSpare) {
      _hasSpare = false;
      return _spare;
    }
    double u = 0;
    while (u <= 0) u = uniform();
    const double v = uniform();
    const double r = std::sqrt(-2.0 * std::log(u));
    _spare = r * std::sin(2.0 * M_PI * v);
    _hasSpare = true;
    return r * std::cos(2.0 * M_PI * v);
  }

  /// Lognormal with the given mean and coefficient of variation (the mean itself when cv = 0).
  double lognormal(double mean, double cv) {
    if (mean <= 0 || cv <= 0) return mean;
    const double s2 = std::log1p(cv * cv);
    return std::exp(std::log(mean) - s2 / 2 + std::sqrt(s2) * normal());
  }

  /// Uniform within +-spread of the mean.
  double around(double mean, double spread) { return spread <= 0 ? mean : mean * uniform(1 - spread, 1 + spread); }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t _s[4];
  double _spare = 0;
  bool _hasSpare = false;
};

}  // namespace natlims::planner
