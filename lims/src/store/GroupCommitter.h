#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/StatementCache.h"

namespace natlims::lims {

class Metrics;

/// What a write job sees: the writer's connection, and a way to act only once its group is durable
/// (for example, publishing a new session to the in-memory table).
class WriteContext {
 public:
  explicit WriteContext(PreparedConnection& db) : _db(db) {}
  PreparedConnection& db() { return _db; }
  void afterCommit(std::function<void()> fn) { _afterCommit.push_back(std::move(fn)); }

 private:
  friend class GroupCommitter;
  PreparedConnection& _db;
  std::vector<std::function<void()>> _afterCommit;
};

/// The single writer of the database. Requests hand it jobs; it runs every job that is waiting
/// inside ONE transaction (each in its own savepoint), commits with synchronous=FULL (one fsync
/// for the whole group) and only then releases the callers. So a caller that returns normally
/// from run() knows its changes are on disk, and durable throughput grows with concurrency
/// instead of being capped by the fsync rate.
///
/// A job that throws has its savepoint rolled back (it changed nothing) and the exception is
/// rethrown to its caller; the other jobs of the group are unaffected. If the commit itself
/// fails, every job of the group gets that error and nothing of the group is kept.
class GroupCommitter {
 public:
  using Job = std::function<void(WriteContext&)>;

  /// Takes ownership of the writer connection. `maxGroup` bounds the jobs per transaction.
  GroupCommitter(std::unique_ptr<PreparedConnection> db, std::size_t maxGroup, Metrics* metrics);
  ~GroupCommitter();
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  /// Runs `job` in the next group and waits until the group is committed. Throws what the job
  /// threw, or the commit's error, or std::runtime_error after stop().
  void run(Job job);

  /// Runs every job in the next group(s), each in its own savepoint, and waits until all are
  /// committed. Returns, per job, what it threw (null for a job whose changes are on disk).
  std::vector<std::exception_ptr> runAll(std::vector<Job> jobs);

  /// Runs `fn(WriteContext&)` like run() and returns its value.
  template <class F>
  auto call(F fn) -> decltype(fn(std::declval<WriteContext&>())) {
    using R = decltype(fn(std::declval<WriteContext&>()));
    std::optional<R> out;
    run([&](WriteContext& ctx) { out.emplace(fn(ctx)); });
    return std::move(*out);
  }

  /// Finishes the jobs already queued, then stops the writer thread. Idempotent.
  void stop();

 private:
  struct Pending {
    Job job;
    std::promise<void> done;
  };

  void loop();
  void runGroup(std::vector<std::unique_ptr<Pending>>& group);

  std::unique_ptr<PreparedConnection> _db;
  std::size_t _maxGroup;
  Metrics* _metrics;

  std::mutex _mutex;
  std::condition_variable _wake;
  std::deque<std::unique_ptr<Pending>> _queue;  // guarded by _mutex
  bool _stopping = false;                       // guarded by _mutex
  std::thread _thread;
};

}  // namespace natlims::lims
