#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace natlims::lims {

/// Counters and histograms exported at GET /metrics in the Prometheus text format.
/// Thread-safe; the hot paths (one request, one commit) take one short lock or none.
class Metrics {
 public:
  /// Latency buckets in seconds (upper bounds), shared by the request and commit histograms.
  static constexpr std::array<double, 14> kSecondsBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,    0.25,  0.5,    1,     2.5,  5,    10};
  static constexpr std::array<double, 10> kBatchBuckets{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};

  void recordRequest(const std::string& route, int status, double seconds);
  void recordCommit(std::size_t jobs, double seconds);
  void addRegistrations(std::uint64_t n) { _registrations += n; }
  void addPopulationRows(std::uint64_t n) { _populationRows += n; }
  void addLoginFailure() { ++_loginFailures; }
  /// One delivery attempt of the outbox: kind report|healthcode, outcome delivered|rejected|transient|overdue.
  void recordDelivery(const std::string& kind, const std::string& outcome);

  /// The whole exposition, ready to send.
  std::string render() const;

 private:
  template <std::size_t N>
  struct Histogram {
    std::array<std::uint64_t, N> buckets{};  // cumulative at render time, per-bucket here
    std::uint64_t count = 0;
    double sum = 0;
    void observe(const std::array<double, N>& bounds, double v);
  };

  mutable std::mutex _mutex;
  std::map<std::pair<std::string, int>, std::uint64_t> _requests;  // guarded by _mutex
  std::map<std::pair<std::string, std::string>, std::uint64_t> _deliveries;  // guarded by _mutex
  Histogram<kSecondsBuckets.size()> _latency;                      // guarded by _mutex
  Histogram<kSecondsBuckets.size()> _commitSeconds;                // guarded by _mutex
  Histogram<kBatchBuckets.size()> _commitJobs;                     // guarded by _mutex
  std::atomic<std::uint64_t> _registrations{0};
  std::atomic<std::uint64_t> _populationRows{0};
  std::atomic<std::uint64_t> _loginFailures{0};
};

}  // namespace natlims::lims
