// labels-bench: the two figures issue 3 sets targets for, on this machine, single-threaded.
//   1. labels per second encoded (libqrencode), rendered (cairo, monochrome at printer
//      resolution) and verified (SymbolCheck + ZXing-cpp) per core: target >= 5,000/s for
//      PNG-sized labels (40x20 mm at 203 dpi); also with the PNG or ZPL bytes made.
//   2. decoding a 1280x720 camera frame holding one code: target <= 20 ms.
// The machine is shared, so each figure is given per second of wall time and per second of this
// thread's CPU time (CLOCK_THREAD_CPUTIME_ID): the second is what one core does when it is not
// taken away by other processes.
// Usage: labels-bench [--seconds S]   (S per measurement, default 3)
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "natlims/domain/CodeScheme.h"
#include "natlims/labels/LabelMaker.h"
#include "natlims/labels/Scanner.h"

using namespace natlims::labels;
using Clock = std::chrono::steady_clock;

namespace {

double secondsPerRun = 3.0;

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
}

struct Rate {
  double wall, cpu;  // labels per second of wall time, of CPU time
};

std::vector<std::string> codes(std::size_t n) {
  std::mt19937 rng(7);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i)
    out.push_back(natlims::domain::makeCodeFromNumber(natlims::domain::CodeKind::Tube, rng() % 800000000u));
  return out;
}

// Labels per second of `make` on one thread, for secondsPerRun.
Rate labelsPerSecond(const LabelLayout& layout, const std::function<std::size_t(LabelMaker&, const LabelContent&)>& make) {
  LabelConfig config;
  config.layout = layout;
  LabelMaker maker(config);
  const auto list = codes(4096);
  LabelContent content{"", "全民核酸第3轮", 10, "2026-12-01"};
  std::size_t n = 0, sink = 0;
  const double cpuStart = threadCpuSeconds();
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(secondsPerRun);
  while (Clock::now() < end) {
    for (int k = 0; k < 64; ++k) {
      content.code = list[n++ % list.size()];
      sink += make(maker, content);
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = threadCpuSeconds() - cpuStart;
  if (sink == 0) std::puts("");
  return {static_cast<double>(n) / seconds, static_cast<double>(n) / cpu};
}

struct Latency {
  double median, p95, cpuMedian;  // ms
};

Latency scanLatency(const GrayImage& frame, const ScanOptions& options, std::size_t expected) {
  std::vector<double> ms, cpu;
  const auto end = Clock::now() + std::chrono::duration<double>(secondsPerRun);
  while (Clock::now() < end || ms.size() < 20) {
    const auto a = Clock::now();
    const double c = threadCpuSeconds();
    const auto found = scanImage(frame, options);
    cpu.push_back((threadCpuSeconds() - c) * 1000);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
    if (found.size() != expected) {
      std::fprintf(stderr, "labels-bench: scan found %zu codes, expected %zu\n", found.size(), expected);
      std::exit(1);
    }
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  return {ms[ms.size() / 2], ms[ms.size() * 95 / 100], cpu[cpu.size() / 2]};
}

// A 1280x720 grey camera frame with `label` pasted near the centre, lightly noised.
GrayImage frameWith(const GrayImage& label, double scale) {
  GrayImage frame(1280, 720, 200);
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 4);
  const int w = static_cast<int>(label.width() * scale), h = static_cast<int>(label.height() * scale);
  const int x0 = (1280 - w) / 2 + 37, y0 = (720 - h) / 2 - 21;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) frame.set(x0 + x, y0 + y, label.at(static_cast<int>(x / scale), static_cast<int>(y / scale)) ? 235 : 30);
  for (auto& v : frame.pixels()) v = static_cast<std::uint8_t>(std::clamp(v + noise(rng), 0.0, 255.0));
  return frame;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
      secondsPerRun = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: labels-bench [--seconds S]\n");
      return 2;
    }
  }
  std::printf("labels-bench: one thread, %.1f s per figure, hardware threads: %u\n\n", secondsPerRun,
              std::thread::hardware_concurrency());

  std::printf("%-46s %10s %10s\n", "label throughput (one thread)", "per s", "per CPU-s");
  struct Size {
    const char* name;
    double w, h;
    int dpi;
  };
  for (const Size& s : {Size{"40x20 mm @ 203 dpi", 40, 20, 203}, Size{"50x25 mm @ 300 dpi", 50, 25, 300}}) {
    LabelLayout layout;
    layout.widthMm = s.w;
    layout.heightMm = s.h;
    layout.dpi = s.dpi;
    const Rate verified = labelsPerSecond(layout, [](LabelMaker& m, const LabelContent& c) { return m.render(c).image.pixels().size(); });
    const Rate png = labelsPerSecond(layout, [](LabelMaker& m, const LabelContent& c) { return m.png(c).size(); });
    const Rate zpl = labelsPerSecond(layout, [](LabelMaker& m, const LabelContent& c) { return m.zpl(c).size(); });
    std::printf("  %-20s encoded+rendered+verified %10.0f %10.0f\n", s.name, verified.wall, verified.cpu);
    std::printf("  %-20s  ... + PNG bytes          %10.0f %10.0f\n", s.name, png.wall, png.cpu);
    std::printf("  %-20s  ... + ZPL bytes, re-read %10.0f %10.0f\n", s.name, zpl.wall, zpl.cpu);
  }

  std::printf("\n%-46s %8s %8s %8s\n", "decode a 1280x720 frame with one code (ms)", "median", "p95", "CPU med");
  LabelMaker maker;
  const GrayImage label = maker.render({codes(1)[0], "全民核酸", 10, "2026-12-01"}).image;
  const GrayImage frame = frameWith(label, 2.0);
  ScanOptions fast;
  fast.tryHarder = false;
  ScanOptions sweep;
  sweep.sweepDataMatrix = true;
  const Latency def = scanLatency(frame, ScanOptions{}, 1);
  const Latency quick = scanLatency(frame, fast, 1);
  const Latency thorough = scanLatency(frame, sweep, 1);
  std::printf("  %-44s %8.1f %8.1f %8.1f\n", "default (tryHarder)", def.median, def.p95, def.cpuMedian);
  std::printf("  %-44s %8.1f %8.1f %8.1f\n", "tryHarder off", quick.median, quick.p95, quick.cpuMedian);
  std::printf("  %-44s %8.1f %8.1f %8.1f\n", "with the DataMatrix sweep (lims-labels --scan)", thorough.median, thorough.p95, thorough.cpuMedian);
  const Latency empty = scanLatency(GrayImage(1280, 720, 200), ScanOptions{}, 0);
  std::printf("  %-44s %8.1f %8.1f %8.1f\n", "no code in the frame (default)", empty.median, empty.p95, empty.cpuMedian);
  return 0;
}
