// lookup-bench: the store's result lookup alone, in process, on an existing database (one filled
// by lims-loadgen), to see what each lookup costs without HTTP around it.
// Usage: lookup-bench DB PEOPLE [LOOKUPS=200000] [THREADS=1]
// PEOPLE: lims-loadgen's next_person (people 0..PEOPLE-1 are looked up at random).
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "loadgen/Population.h"
#include "natlims/domain/IdDocument.h"
#include "store/SqliteStore.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lookup-bench DB PEOPLE [LOOKUPS=200000] [THREADS=1]\n");
    return 2;
  }
  const std::string db = argv[1];
  const auto people = std::stoull(argv[2]);
  const long lookups = argc > 3 ? std::stol(argv[3]) : 200000;
  const int threads = argc > 4 ? std::stoi(argv[4]) : 1;
  natlims::lims::SqliteStore store({db, 64, 4096, threads, 16384}, nullptr);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  std::atomic<long> found{0};
  const auto run = [&](long n, unsigned seed) {
    std::mt19937_64 rng(seed);
    for (long i = 0; i < n; ++i) {
      const auto person = rng() % people;
      if (store.lookup(static_cast<int>(natlims::domain::IdType::ResidentId), natlims::loadgen::residentIdFor(person), "CHN",
                       natlims::loadgen::nameFor(person)))
        ++found;
    }
  };
  run(lookups / 4, 1);  // warm: every reader maps the pages it needs
  found = 0;
  const auto cpuNow = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
  const double cpu0 = cpuNow();
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(run, lookups / threads, 100 + t);
  for (auto& t : pool) t.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = cpuNow() - cpu0;
  std::printf("%ld lookups on %d threads in %.3f s: %.0f/s, %.2f us of CPU each, %ld found\n", lookups, threads, s, lookups / s,
              cpu * 1e6 / static_cast<double>(lookups), found.load());
  return 0;
}
