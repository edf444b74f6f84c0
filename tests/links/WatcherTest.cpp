// The export-folder watcher against a fake server over real HTTP, on a real temporary folder.

#include <catch2/catch.hpp>

#include <Poco/TemporaryFile.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "natlims/gateway/FileUploader.h"
#include "natlims/gateway/FolderWatcher.h"
#include "natlims/gateway/LimsClient.h"
#include "support/FakeLimsServer.h"
#include "support/LinkRig.h"

using namespace natlims;
using namespace natlims::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct Folder {
  Folder() : path(Poco::TemporaryFile::tempName()) { fs::create_directories(path); }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

void write(const fs::path& file, const std::string& bytes, std::ios::openmode mode = std::ios::trunc) {
  std::ofstream out(file, std::ios::binary | mode);
  out << bytes;
}

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Moves a file's modification time back, as time passing between two looks would.
void age(const fs::path& file) { fs::last_write_time(file, fs::last_write_time(file) - 5s); }

struct WatchRig {
  explicit WatchRig(std::string plate = {}, gateway::WatchOptions options = quick())
      : client({lims.url(), "gateway", "secret", 5s}),
        uploader(client, std::move(plate)),
        watcher(folder.path, uploader, options, log.sink()) {}

  static gateway::WatchOptions quick() {
    gateway::WatchOptions o;
    o.retryInitial = 0ms;
    o.emptyFileGrace = 0ms;
    return o;
  }

  Folder folder;
  FakeLimsServer lims;
  LogCapture log;
  gateway::LimsClient client;
  gateway::ServerFileUploader uploader;
  gateway::FolderWatcher watcher;
};

const std::string kExport = "* Block Type = 96fast\r\n\r\n[Results]\r\nWell\tSample Name\tTarget Name\tC\xD1\x82\r\nA1\tT0001\tORF1ab\tUndetermined\r\n";

}  // namespace

TEST_CASE("watch: a file is imported once two looks see it unchanged, sent as it is", "[links][watch]") {
  WatchRig rig("PLATE-12");
  const fs::path file = rig.folder.path / "run 1.txt";
  write(file, kExport.substr(0, 30));
  CHECK(rig.watcher.pollOnce().waiting == 1);  // first sight
  write(file, kExport.substr(30), std::ios::app);
  CHECK(rig.watcher.pollOnce().waiting == 1);  // it grew
  const auto pass = rig.watcher.pollOnce();   // unchanged since the last look
  CHECK(pass.imported == 1);
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].uri == "/api/v1/runs?plate=PLATE-12");
  CHECK(runs[0].contentType == "application/octet-stream");
  CHECK(runs[0].authorization == "Bearer token-1");
  CHECK(runs[0].body == kExport);  // byte for byte: CRLF, the Cyrillic te
  CHECK_FALSE(fs::exists(file));
  CHECK(read(rig.folder.path / "done" / "run 1.txt") == kExport);
  CHECK(rig.log.contains("run 1.txt imported as run run-1 (HTTP 201)"));
}

TEST_CASE("watch: a file still being written is not taken", "[links][watch]") {
  WatchRig rig;
  const fs::path file = rig.folder.path / "growing.csv";
  write(file, "a");
  rig.watcher.pollOnce();
  for (int i = 0; i < 3; ++i) {
    write(file, "b", std::ios::app);
    CHECK(rig.watcher.pollOnce().imported == 0);
  }
  CHECK(rig.lims.runRequests().empty());
  CHECK(rig.watcher.pollOnce().imported == 1);
  CHECK(rig.lims.runRequests()[0].body == "abbb");
}

TEST_CASE("watch: files in progress and sub-folders are left alone; a renamed file is taken", "[links][watch]") {
  WatchRig rig;
  for (const char* name : {"x.tmp", "x.part", ".hidden", "x.crdownload", "x~"}) write(rig.folder.path / name, "data");
  fs::create_directories(rig.folder.path / "archive");
  write(rig.folder.path / "archive" / "old.txt", "old");
  rig.watcher.pollOnce();
  rig.watcher.pollOnce();
  CHECK(rig.lims.runRequests().empty());
  fs::rename(rig.folder.path / "x.tmp", rig.folder.path / "x.txt");
  rig.watcher.pollOnce();
  CHECK(rig.watcher.pollOnce().imported == 1);
  CHECK(fs::exists(rig.folder.path / "x.part"));
  CHECK(fs::exists(rig.folder.path / "archive" / "old.txt"));
}

TEST_CASE("watch: a refused file goes to refused/ with the server's reason beside it", "[links][watch]") {
  WatchRig rig;
  rig.lims.queueRunAnswers(
      {{422, R"({"error":{"code":"wrong_plate","message":"wells do not match plate P-3","field":"plate"}})", {}}});
  write(rig.folder.path / "bad.txt", "bytes");
  rig.watcher.pollOnce();
  CHECK(rig.watcher.pollOnce().refused == 1);
  CHECK(fs::exists(rig.folder.path / "refused" / "bad.txt"));
  CHECK(read(rig.folder.path / "refused" / "bad.txt.reason.txt") ==
        "HTTP 422: wrong_plate: wells do not match plate P-3 (field: plate)\n");
  CHECK(rig.log.contains("bad.txt REFUSED"));
}

TEST_CASE("watch: the same bytes are never imported twice, across restarts too", "[links][watch]") {
  WatchRig rig;
  write(rig.folder.path / "a.txt", kExport);
  rig.watcher.pollOnce();
  REQUIRE(rig.watcher.pollOnce().imported == 1);
  // The instrument exports the same run again under another name.
  write(rig.folder.path / "a (copy).txt", kExport);
  rig.watcher.pollOnce();
  CHECK(rig.watcher.pollOnce().duplicates == 1);
  CHECK(fs::exists(rig.folder.path / "done" / "a (copy).txt"));
  // A new watcher on the same folder (the gateway restarted) remembers it as well.
  gateway::FolderWatcher restarted(rig.folder.path, rig.uploader, WatchRig::quick(), rig.log.sink());
  write(rig.folder.path / "a.txt", kExport);
  restarted.pollOnce();
  CHECK(restarted.pollOnce().duplicates == 1);
  CHECK(fs::exists(rig.folder.path / "done" / "a-2.txt"));
  CHECK(rig.lims.runRequests().size() == 1);
  // Different bytes are a different run.
  write(rig.folder.path / "b.txt", kExport + "B2\tT0002\tN\t33.1\r\n");
  restarted.pollOnce();
  CHECK(restarted.pollOnce().imported == 1);
  CHECK(rig.lims.runRequests().size() == 2);
}

TEST_CASE("watch: after a server error the file stays and is imported on a later look", "[links][watch]") {
  WatchRig rig;
  rig.lims.queueRunAnswers({{503, R"({"error":{"code":"unavailable","message":"restarting"}})", {}},
                            {500, "oops", {}}});
  write(rig.folder.path / "r.txt", kExport);
  rig.watcher.pollOnce();
  auto pass = rig.watcher.pollOnce();
  CHECK(pass.deferred == 1);
  CHECK(fs::exists(rig.folder.path / "r.txt"));
  CHECK(rig.log.contains("r.txt not imported yet: server error 503: unavailable: restarting"));
  CHECK(rig.watcher.pollOnce().deferred == 1);
  CHECK(rig.watcher.pollOnce().imported == 1);
  CHECK(fs::exists(rig.folder.path / "done" / "r.txt"));
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 3);
  CHECK(runs[2].body == kExport);
}

TEST_CASE("watch: uploads pause for the backoff after a server error", "[links][watch]") {
  auto now = std::chrono::steady_clock::time_point{} + 1h;
  gateway::WatchOptions options;
  options.retryInitial = 10s;
  Folder folder;
  FakeLimsServer lims;
  gateway::LimsClient client({lims.url(), "gateway", "secret", 5s});
  gateway::ServerFileUploader uploader(client, {});
  gateway::FolderWatcher watcher(folder.path, uploader, options, nullptr, [&] { return now; });
  lims.queueRunAnswers({{503, {}, {}}});
  write(folder.path / "f.txt", "x");
  watcher.pollOnce();
  CHECK(watcher.pollOnce().deferred == 1);
  now += 5s;
  CHECK(watcher.pollOnce().deferred == 1);  // still pausing: no request
  CHECK(lims.runRequests().size() == 1);
  now += 6s;
  CHECK(watcher.pollOnce().imported == 1);
  CHECK(lims.runRequests().size() == 2);
}

TEST_CASE("watch: a server that cannot be reached leaves the files in place", "[links][watch]") {
  Folder folder;
  gateway::LimsClient client({"http://127.0.0.1:1", "gateway", "secret", 2s});
  gateway::ServerFileUploader uploader(client, {});
  LogCapture log;
  gateway::FolderWatcher watcher(folder.path, uploader, WatchRig::quick(), log.sink());
  write(folder.path / "f.txt", "x");
  watcher.pollOnce();
  CHECK(watcher.pollOnce().deferred == 1);
  CHECK(fs::exists(folder.path / "f.txt"));
  CHECK(log.contains("cannot reach http://127.0.0.1:1"));
}

TEST_CASE("watch: empty and oversized files are refused with a reason", "[links][watch]") {
  auto options = WatchRig::quick();
  options.maxFileBytes = 100;
  WatchRig rig({}, options);
  write(rig.folder.path / "empty.txt", "");
  write(rig.folder.path / "huge.txt", std::string(101, 'x'));
  rig.watcher.pollOnce();
  CHECK(rig.watcher.pollOnce().refused == 2);
  CHECK(read(rig.folder.path / "refused" / "empty.txt.reason.txt") == "the file stayed empty\n");
  CHECK(read(rig.folder.path / "refused" / "huge.txt.reason.txt").find("larger than 100 bytes") != std::string::npos);
  CHECK(rig.lims.runRequests().empty());
}

TEST_CASE("watch: oldest files first", "[links][watch]") {
  WatchRig rig;
  write(rig.folder.path / "b.txt", "second");
  write(rig.folder.path / "a.txt", "third");
  write(rig.folder.path / "c.txt", "first");
  age(rig.folder.path / "c.txt");
  rig.watcher.pollOnce();
  CHECK(rig.watcher.pollOnce().imported == 3);
  const auto runs = rig.lims.runRequests();
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].body == "first");
}

TEST_CASE("HTTP client: login, bearer token, a new login once on 401", "[links][gateway]") {
  FakeLimsServer lims;
  gateway::LimsClient client({lims.url(), "gateway", "secret", 5s});
  REQUIRE(client.login().kind == gateway::LoginResult::Kind::Ok);
  CHECK(client.uploadRun("{}").kind == links::StoreOutcome::Kind::Stored);
  lims.revokeTokens();
  const auto outcome = client.uploadRun("{}");
  CHECK(outcome.kind == links::StoreOutcome::Kind::Stored);
  CHECK(outcome.runId == "run-2");
  CHECK(lims.sessionCount() == 2);
  const auto runs = lims.runRequests();
  REQUIRE(runs.size() == 3);
  CHECK(runs[1].authorization == "Bearer token-1");  // refused: revoked
  CHECK(runs[2].authorization == "Bearer token-2");
}

TEST_CASE("HTTP client: bad credentials are refused with the server's reason", "[links][gateway]") {
  FakeLimsServer lims;
  gateway::LimsClient client({lims.url(), "gateway", "wrong", 5s});
  const auto login = client.login();
  CHECK(login.kind == gateway::LoginResult::Kind::Refused);
  CHECK(login.message == "login as gateway refused (HTTP 401): bad_credentials: wrong user name or password");
  CHECK(client.uploadFile("x").kind == links::StoreOutcome::Kind::Unavailable);  // never "refused": files stay
}

TEST_CASE("HTTP client: what each answer means for an upload", "[links][gateway]") {
  using Kind = links::StoreOutcome::Kind;
  const std::vector<std::pair<int, Kind>> rows{
      {200, Kind::Stored},      {201, Kind::Stored},      {400, Kind::Refused},     {401, Kind::Unavailable},
      {403, Kind::Unavailable}, {404, Kind::Refused},     {408, Kind::Unavailable}, {409, Kind::Refused},
      {413, Kind::Refused},     {422, Kind::Refused},     {429, Kind::Unavailable}, {500, Kind::Unavailable},
      {502, Kind::Unavailable}, {503, Kind::Unavailable},
  };
  for (const auto& [status, kind] : rows) {
    INFO("HTTP " << status);
    CHECK(gateway::LimsClient::classify(status, R"({"id":"r-9","error":{"code":"c","message":"m"}})").kind == kind);
  }
  CHECK(gateway::LimsClient::classify(201, R"({"id":"r-9"})").runId == "r-9");
  CHECK(gateway::LimsClient::classify(201, R"({"id":42})").runId == "42");
  CHECK(gateway::LimsClient::classify(422, R"({"error":{"code":"c","message":"m","field":"f"}})").reason == "c: m (field: f)");
  CHECK(gateway::LimsClient::classify(400, "not json").reason == "HTTP 400: not json");
}
