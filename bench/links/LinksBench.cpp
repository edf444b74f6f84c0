// links-bench: throughput of the instrument links and the export-folder watcher (docs/bench-links.md).
//
//   links-bench astm  [--messages N] [--instruments K] [--samples S] [--targets T]
//   links-bench hl7   [--messages N] [--instruments K] [--samples S] [--targets T]
//   links-bench watch [--files N] [--poll-ms P] [--per-minute R]
//
// Everything runs on loopback in one process, the real way: instrument-side clients speak the
// protocol over TCP (AstmSender: ENQ, frames of <= 240 bytes each ACKed, EOT; MllpClient), the
// link server maps each message and POSTs it through the gateway's HTTP client to a minimal HTTP
// server, and acknowledges only after its 201. The watcher reads real files from a temporary
// folder and moves them aside.

#include <Poco/TemporaryFile.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "BenchLimsServer.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/gateway/FileUploader.h"
#include "natlims/gateway/FolderWatcher.h"
#include "natlims/gateway/LimsClient.h"
#include "natlims/gateway/ServerRunSink.h"
#include "natlims/links/AstmSender.h"
#include "natlims/links/Hl7Message.h"
#include "natlims/links/LinkServer.h"
#include "natlims/links/MllpClient.h"

namespace {

using namespace natlims;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  std::string mode;
  int messages = 200;
  int instruments = 4;
  int samples = 94;
  int targets = 3;
  int files = 1000;
  int pollMs = 1000;
  int perMinute = 0;  // watch: drop files at this pace instead of all at once
};

const char* const kTargets[] = {"ORF1ab", "N", "IC", "E"};
const char* const kDyes[] = {"FAM", "VIC", "CY5", "ROX"};

std::string well(int i) { return std::string(1, static_cast<char>('A' + i / 12)) + std::to_string(i % 12 + 1); }

std::string tube(int run, int i) {
  return domain::makeCodeFromNumber(domain::CodeKind::Tube, static_cast<std::uint64_t>(run) * 1000 + static_cast<std::uint64_t>(i));
}

// One plate: S samples + PC + NC, T targets each.
std::vector<std::string> astmPlate(int run, const Options& o) {
  std::vector<std::string> records{"H|\\^&|BENCH-" + std::to_string(run) + "||QS7^QuantStudio 7^1.3|||||LIS||P|LIS2-A2|20261201083000"};
  for (int i = 0; i < o.samples + 2; ++i) {
    const std::string sample = i < o.samples ? tube(run, i) : (i == o.samples ? "PC" : "NTC");
    records.push_back("P|" + std::to_string(i + 1));
    records.push_back("O|1|" + sample + "|^PLATE^" + well(i) + "|^^^SARS-CoV-2|R||||||||||||||||||||F");
    for (int t = 0; t < o.targets; ++t) {
      const std::string ct = (i + t) % 5 == 0 ? "Undetermined" : std::to_string(20 + (i * 7 + t) % 19) + ".25";
      records.push_back("R|" + std::to_string(t + 1) + "|^^^" + kTargets[t] + "^" + kDyes[t] + "|" + ct + "|cycles||||F");
    }
  }
  records.push_back("L|1|N");
  return records;
}

std::string hl7Plate(int run, const Options& o) {
  std::string m = "MSH|^~\\&|CFX96|LAB|NATLIMS|LAB|20261201083000||ORU^R01^ORU_R01|BENCH-" + std::to_string(run) + "|P|2.5.1\r";
  for (int i = 0; i < o.samples + 2; ++i) {
    const std::string sample = i < o.samples ? tube(run, i) : (i == o.samples ? "PC" : "NTC");
    m += "OBR|" + std::to_string(i + 1) + "||" + sample + "|SARS^SARS-CoV-2 PCR^L\r";
    for (int t = 0; t < o.targets; ++t) {
      m += "OBX|" + std::to_string(t + 1) + "|NM|" + kTargets[t] + "^" + kTargets[t] + " Ct^L||" +
           std::to_string(20 + (i * 7 + t) % 19) + ".25|{cycles}|||||F\r";
    }
  }
  return m;
}

int runLinks(const Options& o, bool astm) {
  bench::BenchLimsServer lims;
  gateway::LimsClient client({lims.url(), "bench", "bench", std::chrono::seconds(10)});
  gateway::ServerRunSink sink(client);
  links::LinkServerOptions linkOptions;
  linkOptions.storeThreads = static_cast<std::size_t>(std::max(2, o.instruments));
  links::LinkServer server(sink, linkOptions, nullptr);
  const auto astmPort = server.listenAstm("127.0.0.1", 0);
  const auto hl7Port = server.listenHl7("127.0.0.1", 0);
  server.start();

  const int perInstrument = o.messages / o.instruments;
  // Messages are made before the clock starts: the instrument's side is not what is measured.
  std::vector<std::vector<std::vector<std::string>>> astmMessages(static_cast<std::size_t>(o.instruments));
  std::vector<std::vector<std::string>> hl7Messages(static_cast<std::size_t>(o.instruments));
  for (int k = 0; k < o.instruments; ++k) {
    for (int m = 0; m < perInstrument; ++m) {
      const int run = k * perInstrument + m;
      if (astm) {
        astmMessages[static_cast<std::size_t>(k)].push_back(astmPlate(run, o));
      } else {
        hl7Messages[static_cast<std::size_t>(k)].push_back(hl7Plate(run, o));
      }
    }
  }
  const auto start = Clock::now();
  std::vector<std::future<long>> workers;
  for (int k = 0; k < o.instruments; ++k) {
    workers.push_back(std::async(std::launch::async, [&, k] {
      long frames = 0;
      if (astm) {
        links::AstmSender sender("127.0.0.1", astmPort);
        for (const auto& records : astmMessages[static_cast<std::size_t>(k)]) {
          const auto result = sender.send(records);
          if (!result.ok) throw std::runtime_error("astm: " + result.error);
          frames += result.frames;
        }
      } else {
        links::MllpClient mllp("127.0.0.1", hl7Port);
        for (const auto& message : hl7Messages[static_cast<std::size_t>(k)]) {
          const auto ack = links::Hl7Message::parse(mllp.exchange(message));
          if (!ack.message || ack.message->segments()[1].get(1) != "AA") throw std::runtime_error("hl7: not AA");
        }
      }
      return frames;
    }));
  }
  long frames = 0;
  for (auto& w : workers) frames += w.get();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  server.stop();
  const long messages = static_cast<long>(perInstrument) * o.instruments;
  const long results = messages * (o.samples + 2) * o.targets;
  std::printf("%s: %d instruments, %ld messages of %d results (%d samples + 2 controls x %d targets)\n",
              astm ? "astm" : "hl7", o.instruments, messages, (o.samples + 2) * o.targets, o.samples, o.targets);
  if (astm) std::printf("  %ld frames, each ACKed\n", frames);
  std::printf("  stored runs: %llu (%.1f MB of JSON)\n", static_cast<unsigned long long>(lims.runs()),
              static_cast<double>(lims.bodyBytes()) / 1e6);
  std::printf("  %.3f s: %.0f results/s, %.1f messages/s, %.2f ms per message\n", seconds, static_cast<double>(results) / seconds,
              static_cast<double>(messages) / seconds, seconds * 1000.0 / static_cast<double>(messages));
  return lims.runs() == static_cast<std::uint64_t>(messages) ? 0 : 1;
}

// A 96-well, 3-target QuantStudio-like results export (~20 KB), different for every file.
std::string exportFile(int n) {
  std::string f = "* Block Type = 96fast\n* Experiment Name = bench-" + std::to_string(n) +
                  "\n* Instrument Type = sds7500fast\n\n[Results]\nWell\tSample Name\tTarget Name\tTask\tReporter\tC\xD1\x82\n";
  for (int i = 0; i < 96; ++i) {
    for (int t = 0; t < 3; ++t) {
      f += well(i) + "\t" + tube(n, i) + "\t" + kTargets[t] + "\tUNKNOWN\t" + kDyes[t] + "\t" +
           ((i + t) % 5 == 0 ? std::string("Undetermined") : std::to_string(20 + (i * 7 + t) % 19) + ".123") + "\n";
    }
  }
  return f;
}

int runWatch(const Options& o) {
  bench::BenchLimsServer lims;
  gateway::LimsClient client({lims.url(), "bench", "bench", std::chrono::seconds(10)});
  gateway::ServerFileUploader uploader(client, {});
  const fs::path dir = Poco::TemporaryFile::tempName();
  fs::create_directories(dir);
  gateway::WatchOptions options;
  options.pollInterval = std::chrono::milliseconds(o.pollMs);
  gateway::FolderWatcher watcher(dir, uploader, options, nullptr);

  std::vector<std::string> contents;
  for (int i = 0; i < o.files; ++i) contents.push_back(exportFile(i));
  std::atomic<bool> stop{false};
  std::thread watching([&] {
    watcher.run([&](std::chrono::milliseconds wait) {
      const auto until = Clock::now() + wait;
      while (!stop && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return stop.load();
    });
  });
  // The instrument writes each file under a temporary name and renames it into place.
  const auto start = Clock::now();
  for (int i = 0; i < o.files; ++i) {
    if (o.perMinute > 0) std::this_thread::sleep_until(start + std::chrono::microseconds(60'000'000LL * i / o.perMinute));
    const fs::path temp = dir / ("export-" + std::to_string(i) + ".txt.tmp");
    std::ofstream(temp, std::ios::binary) << contents[static_cast<std::size_t>(i)];
    fs::rename(temp, dir / ("export-" + std::to_string(i) + ".txt"));
  }
  const double written = std::chrono::duration<double>(Clock::now() - start).count();
  while (lims.runs() < static_cast<std::uint64_t>(o.files) &&
         Clock::now() - start < std::chrono::minutes(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Wait for the last move as well.
  auto doneCount = [&] {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir / "done")) n += e.is_regular_file() ? 1 : 0;
    return n;
  };
  while (doneCount() < static_cast<std::size_t>(o.files) && Clock::now() - start < std::chrono::minutes(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double lag = seconds - written;
  stop = true;
  watching.join();
  const auto done = doneCount();
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (o.perMinute > 0) {
    std::printf("watch: %d files of %zu bytes dropped at %d per minute (over %.2f s), poll every %d ms\n", o.files,
                contents.front().size(), o.perMinute, written, o.pollMs);
  } else {
    std::printf("watch: %d files of %zu bytes dropped at once (written in %.2f s), poll every %d ms\n", o.files,
                contents.front().size(), written, o.pollMs);
  }
  std::printf("  all imported and moved to done/ in %.2f s, %.2f s after the last drop: %.0f files/min (%zu in done/, "
              "%llu POSTs)\n",
              seconds, lag, static_cast<double>(o.files) * 60.0 / seconds, done, static_cast<unsigned long long>(lims.runs()));
  return done == static_cast<std::size_t>(o.files) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (argc < 2) {
    std::fprintf(stderr, "usage: links-bench astm|hl7|watch [--messages N] [--instruments K] [--samples S] "
                         "[--targets T] [--files N] [--poll-ms P] [--per-minute R]\n");
    return 2;
  }
  o.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (value <= 0) {
      std::fprintf(stderr, "links-bench: %s needs a positive number\n", flag.c_str());
      return 2;
    }
    if (flag == "--messages") o.messages = value;
    else if (flag == "--instruments") o.instruments = value;
    else if (flag == "--samples") o.samples = std::min(value, 94);
    else if (flag == "--targets") o.targets = std::min(value, 4);
    else if (flag == "--files") o.files = value;
    else if (flag == "--poll-ms") o.pollMs = value;
    else if (flag == "--per-minute") o.perMinute = value;
    else {
      std::fprintf(stderr, "links-bench: unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  try {
    if (o.mode == "astm") return runLinks(o, true);
    if (o.mode == "hl7") return runLinks(o, false);
    if (o.mode == "watch") return runWatch(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "links-bench: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "links-bench: unknown mode %s\n", o.mode.c_str());
  return 2;
}
