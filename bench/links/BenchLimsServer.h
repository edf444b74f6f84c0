#pragma once

// A minimal HTTP server standing in for lims-server in the link benchmarks: POST /api/v1/session
// answers a token, POST /api/v1/runs reads the body and answers 201. It measures the gateway,
// not the server.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace natlims::bench {

class BenchLimsServer {
 public:
  BenchLimsServer();
  ~BenchLimsServer();
  std::string url() const;
  std::uint64_t runs() const;
  std::uint64_t bodyBytes() const;

  struct Counters {
    std::atomic<std::uint64_t> runs{0};
    std::atomic<std::uint64_t> bytes{0};
  };

 private:
  class Impl;
  std::shared_ptr<Counters> _counters;
  std::unique_ptr<Impl> _impl;
};

}  // namespace natlims::bench
