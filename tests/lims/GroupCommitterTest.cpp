#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "Metrics.h"
#include "ServerProcess.h"
#include "store/GroupCommitter.h"
#include "store/Migrations.h"

using namespace natlims::lims;

namespace {

std::unique_ptr<PreparedConnection> openDb(const std::string& path) {
  auto c = std::make_unique<sqlite::Connection>(path, true);
  c->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS t(v INTEGER PRIMARY KEY)");
  return std::make_unique<PreparedConnection>(std::move(c));
}

std::int64_t countRows(const std::string& path) {
  sqlite::Connection c(path, false, true);
  sqlite::Statement q(c, "SELECT count(*) FROM t");
  q.step();
  return q.int64(0);
}

}  // namespace

TEST_CASE("concurrent jobs share commits and every acknowledged job is stored", "[groupcommit]") {
  natlims::test::TempDir dir;
  const auto path = dir.file("g.db");
  Metrics metrics;
  std::atomic<int> acknowledged{0};
  {
    GroupCommitter writer(openDb(path), 1000, &metrics);
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 100; ++i) {
          writer.run([&](WriteContext& ctx) { ctx.db().stmt("INSERT INTO t(v) VALUES(?)").bind(1, t * 1000 + i).run(); });
          ++acknowledged;
        }
      });
    for (auto& th : threads) th.join();
  }
  CHECK(acknowledged == 1600);
  CHECK(countRows(path) == 1600);
  // 16 writers waiting together means commits carried more than one job on average.
  const auto text = metrics.render();
  const auto at = text.find("\nnatlims_fsyncs_total ") + 1;
  REQUIRE(at != 0);
  CHECK(std::stoi(text.substr(at + 21)) < 1600);
}

TEST_CASE("a job that throws is rolled back alone and its caller gets the error", "[groupcommit]") {
  natlims::test::TempDir dir;
  const auto path = dir.file("g.db");
  GroupCommitter writer(openDb(path), 1000, nullptr);
  writer.run([](WriteContext& ctx) { ctx.db().stmt("INSERT INTO t(v) VALUES(1)").run(); });
  CHECK_THROWS_WITH(writer.run([](WriteContext& ctx) {
    ctx.db().stmt("INSERT INTO t(v) VALUES(2)").run();
    throw std::runtime_error("refused after writing");
  }),
                    "refused after writing");
  // A constraint violation is an error of that job only.
  CHECK_THROWS(writer.run([](WriteContext& ctx) { ctx.db().stmt("INSERT INTO t(v) VALUES(1)").run(); }));
  writer.run([](WriteContext& ctx) { ctx.db().stmt("INSERT INTO t(v) VALUES(3)").run(); });
  writer.stop();
  CHECK(countRows(path) == 2);
}

TEST_CASE("after-commit actions run only for jobs that were kept", "[groupcommit]") {
  natlims::test::TempDir dir;
  GroupCommitter writer(openDb(dir.file("g.db")), 10, nullptr);
  int published = 0;
  writer.run([&](WriteContext& ctx) { ctx.afterCommit([&] { ++published; }); });
  CHECK_THROWS(writer.run([&](WriteContext& ctx) {
    ctx.afterCommit([&] { ++published; });
    throw std::runtime_error("no");
  }));
  CHECK(published == 1);
}

TEST_CASE("writes after stop are refused", "[groupcommit]") {
  natlims::test::TempDir dir;
  GroupCommitter writer(openDb(dir.file("g.db")), 10, nullptr);
  writer.stop();
  CHECK_THROWS(writer.run([](WriteContext&) {}));
}

TEST_CASE("migrations apply from empty once and refuse a newer database", "[migrations]") {
  natlims::test::TempDir dir;
  sqlite::Connection db(dir.file("m.db"), true);
  CHECK(applyMigrations(db, embeddedMigrations()) == static_cast<int>(embeddedMigrations().size()));
  CHECK(applyMigrations(db, embeddedMigrations()) == 0);
  db.exec("PRAGMA user_version = 999");
  CHECK_THROWS(applyMigrations(db, embeddedMigrations()));
}

TEST_CASE("a failing migration leaves the schema version where it was", "[migrations]") {
  natlims::test::TempDir dir;
  sqlite::Connection db(dir.file("m.db"), true);
  const std::vector<Migration> migrations{{1, "ok", "CREATE TABLE a(x)"}, {2, "broken", "CREATE TABLE b(x); SELEC"}};
  CHECK_THROWS(applyMigrations(db, migrations));
  sqlite::Statement q(db, "PRAGMA user_version");
  q.step();
  CHECK(q.int64(0) == 1);
}
