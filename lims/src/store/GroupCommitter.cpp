#include "store/GroupCommitter.h"

#include <chrono>

#include "Metrics.h"

namespace natlims::lims {

GroupCommitter::GroupCommitter(std::unique_ptr<PreparedConnection> db, std::size_t maxGroup, Metrics* metrics)
    : _db(std::move(db)), _maxGroup(maxGroup == 0 ? 1 : maxGroup), _metrics(metrics) {
  _thread = std::thread([this] { loop(); });
}

GroupCommitter::~GroupCommitter() { stop(); }

void GroupCommitter::run(Job job) {
  auto pending = std::make_unique<Pending>();
  pending->job = std::move(job);
  auto done = pending->done.get_future();
  {
    std::lock_guard lock(_mutex);
    if (_stopping) throw std::runtime_error("the store is shutting down");
    _queue.push_back(std::move(pending));
  }
  _wake.notify_one();
  done.get();
}

std::vector<std::exception_ptr> GroupCommitter::runAll(std::vector<Job> jobs) {
  std::vector<std::future<void>> done;
  {
    std::lock_guard lock(_mutex);
    if (_stopping) throw std::runtime_error("the store is shutting down");
    for (auto& job : jobs) {
      auto pending = std::make_unique<Pending>();
      pending->job = std::move(job);
      done.push_back(pending->done.get_future());
      _queue.push_back(std::move(pending));
    }
  }
  _wake.notify_one();
  std::vector<std::exception_ptr> errors(done.size());
  for (std::size_t i = 0; i < done.size(); ++i) {
    try {
      done[i].get();
    } catch (...) {
      errors[i] = std::current_exception();
    }
  }
  return errors;
}

void GroupCommitter::stop() {
  {
    std::lock_guard lock(_mutex);
    if (_stopping && !_thread.joinable()) return;
    _stopping = true;
  }
  _wake.notify_one();
  if (_thread.joinable()) _thread.join();
}

void GroupCommitter::loop() {
  std::vector<std::unique_ptr<Pending>> group;
  while (true) {
    {
      std::unique_lock lock(_mutex);
      _wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
      if (_queue.empty()) return;  // stopping and drained
      while (!_queue.empty() && group.size() < _maxGroup) {
        group.push_back(std::move(_queue.front()));
        _queue.pop_front();
      }
    }
    runGroup(group);
    group.clear();
  }
}

void GroupCommitter::runGroup(std::vector<std::unique_ptr<Pending>>& group) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::exception_ptr> errors(group.size());
  std::vector<std::function<void()>> afterCommit;
  try {
    _db->db().exec("BEGIN IMMEDIATE");
  } catch (...) {
    for (auto& p : group) p->done.set_exception(std::current_exception());
    return;
  }
  bool poisoned = false;
  auto& savepoint = _db->stmt("SAVEPOINT job");
  auto& release = _db->stmt("RELEASE job");
  auto& rollbackTo = _db->stmt("ROLLBACK TO job");
  for (std::size_t i = 0; i < group.size(); ++i) {
    WriteContext ctx(*_db);
    try {
      savepoint.run();
      group[i]->job(ctx);
      release.run();
      for (auto& fn : ctx._afterCommit) afterCommit.push_back(std::move(fn));
    } catch (...) {
      errors[i] = std::current_exception();
      try {
        rollbackTo.run();
        release.run();
      } catch (...) {
        // The savepoint could not be undone: the transaction state is unknown, so fail the group.
        for (auto& e : errors)
          if (!e) e = std::current_exception();
        afterCommit.clear();
        poisoned = true;
        break;
      }
    }
  }
  bool committed = false;
  if (poisoned) {
    try { _db->db().exec("ROLLBACK"); } catch (...) {}
  } else {
    try {
      _db->db().exec("COMMIT");
      committed = true;
    } catch (...) {
      const auto commitError = std::current_exception();
      try { _db->db().exec("ROLLBACK"); } catch (...) {}
      for (auto& e : errors)
        if (!e) e = commitError;
    }
  }
  if (committed)
    for (auto& fn : afterCommit) fn();
  if (_metrics) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    _metrics->recordCommit(group.size(), static_cast<double>(micros) / 1e6);
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (errors[i]) group[i]->done.set_exception(errors[i]);
    else group[i]->done.set_value();
  }
}

}  // namespace natlims::lims
