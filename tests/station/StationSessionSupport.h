#pragma once

// A scripted session of the real sampling-station program against a real lims-server on loopback,
// and its JSON output read back (shared by the station's integration tests).

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "LimsServerFixture.h"
#include "StationTestSupport.h"

namespace natlims::station::test {

struct Session {
  TempDir dir;
  LimsServer server{dir};

  std::string writeScript(const std::string& name, const std::vector<std::string>& lines) {
    const std::string path = dir.file(name);
    std::ofstream out(path);
    for (const auto& l : lines) out << l << "\n";
    return path;
  }

  std::unique_ptr<ChildProcess> start(const std::vector<std::string>& modeArgs, const std::string& journal = "s1.journal",
                                      const std::string& station = "S1", const std::string& user = LimsServer::kSampler,
                                      const std::string& outName = "") {
    std::vector<std::string> argv = {binary("sampling-station"), "--server", server.url(), "--user", user,
                                     "--station", station, "--campaign", std::to_string(server.campaign()),
                                     "--journal", dir.file(journal), "--retry-min", "50", "--retry-max", "300",
                                     "--timeout", "3000"};
    argv.insert(argv.end(), modeArgs.begin(), modeArgs.end());
    static int runs = 0;
    const std::string out = dir.file(outName.empty() ? "station-" + std::to_string(++runs) + ".out" : outName);
    return std::make_unique<ChildProcess>(argv, std::map<std::string, std::string>{{"LIMS_PASSWORD", LimsServer::kSamplerPassword}}, out);
  }

  std::unique_ptr<ChildProcess> runScript(const std::vector<std::string>& lines, const std::string& journal = "s1.journal",
                                          const std::string& station = "S1", const std::string& user = LimsServer::kSampler,
                                          const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--script", writeScript(journal + ".script", lines)};
    args.insert(args.end(), extra.begin(), extra.end());
    return start(args, journal, station, user);
  }
};

// The outcome lines of a run, by script line number, and the events.
struct Output {
  std::map<std::int64_t, Poco::JSON::Object::Ptr> byLine;
  std::vector<Poco::JSON::Object::Ptr> events;
  explicit Output(const ChildProcess& p) {
    for (const auto& l : p.lines()) {
      auto obj = parseJson(l);
      if (obj->has("line")) byLine[obj->getValue<std::int64_t>("line")] = obj;
      else events.push_back(obj);
    }
  }
  std::string code(std::int64_t line) const {
    auto it = byLine.find(line);
    return it == byLine.end() ? "(no line)" : it->second->getValue<std::string>("code");
  }
  std::vector<Poco::JSON::Object::Ptr> eventsNamed(const std::string& name) const {
    std::vector<Poco::JSON::Object::Ptr> out;
    for (const auto& e : events)
      if (e->optValue<std::string>("event", "") == name) out.push_back(e);
    return out;
  }
  Poco::JSON::Object::Ptr done() const {
    auto d = eventsNamed("done");
    return d.empty() ? nullptr : d.back();
  }
};

inline std::string person(unsigned n) { return residentId(n) + " 测试" + std::to_string(n); }

}  // namespace natlims::station::test
