#include "Metrics.h"

#include <sstream>

namespace natlims::lims {

template <std::size_t N>
void Metrics::Histogram<N>::observe(const std::array<double, N>& bounds, double v) {
  for (std::size_t i = 0; i < N; ++i)
    if (v <= bounds[i]) { ++buckets[i]; break; }
  ++count;
  sum += v;
}

void Metrics::recordRequest(const std::string& route, int status, double seconds) {
  std::lock_guard lock(_mutex);
  ++_requests[{route, status}];
  _latency.observe(kSecondsBuckets, seconds);
}

void Metrics::recordDelivery(const std::string& kind, const std::string& outcome) {
  std::lock_guard lock(_mutex);
  ++_deliveries[{kind, outcome}];
}

void Metrics::recordCommit(std::size_t jobs, double seconds) {
  std::lock_guard lock(_mutex);
  _commitSeconds.observe(kSecondsBuckets, seconds);
  _commitJobs.observe(kBatchBuckets, static_cast<double>(jobs));
}

namespace {

template <class H, std::size_t N>
void writeHistogram(std::ostringstream& out, const char* name, const char* help, const H& h,
                    const std::array<double, N>& bounds) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < N; ++i) {
    cumulative += h.buckets[i];
    out << name << "_bucket{le=\"" << bounds[i] << "\"} " << cumulative << '\n';
  }
  out << name << "_bucket{le=\"+Inf\"} " << h.count << '\n';
  out << name << "_sum " << h.sum << '\n' << name << "_count " << h.count << '\n';
}

}  // namespace

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(_mutex);
  out << "# HELP natlims_http_requests_total HTTP requests by route and status.\n"
         "# TYPE natlims_http_requests_total counter\n";
  for (const auto& [key, n] : _requests)
    out << "natlims_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << '\n';
  writeHistogram(out, "natlims_http_request_seconds", "HTTP request latency.", _latency, kSecondsBuckets);
  writeHistogram(out, "natlims_commit_seconds", "Duration of one group commit (jobs + COMMIT + fsync).",
                 _commitSeconds, kSecondsBuckets);
  writeHistogram(out, "natlims_commit_batch_jobs", "Write jobs sharing one commit.", _commitJobs, kBatchBuckets);
  out << "# HELP natlims_fsyncs_total Durable commits (each ends in one WAL fsync).\n"
         "# TYPE natlims_fsyncs_total counter\nnatlims_fsyncs_total "
      << _commitJobs.count << '\n';
  out << "# HELP natlims_registrations_total Registrations stored since start.\n"
         "# TYPE natlims_registrations_total counter\nnatlims_registrations_total "
      << _registrations.load() << '\n';
  out << "# HELP natlims_population_rows_total Register rows imported or updated since start.\n"
         "# TYPE natlims_population_rows_total counter\nnatlims_population_rows_total "
      << _populationRows.load() << '\n';
  out << "# HELP natlims_outbox_deliveries_total Outbox delivery attempts by kind and outcome.\n"
         "# TYPE natlims_outbox_deliveries_total counter\n";
  for (const auto& [key, n] : _deliveries)
    out << "natlims_outbox_deliveries_total{kind=\"" << key.first << "\",outcome=\"" << key.second << "\"} " << n << '\n';
  out << "# HELP natlims_login_failures_total Failed logins since start.\n"
         "# TYPE natlims_login_failures_total counter\nnatlims_login_failures_total "
      << _loginFailures.load() << '\n';
  return out.str();
}

}  // namespace natlims::lims
