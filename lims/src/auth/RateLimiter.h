#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "natlims/lims/Time.h"

namespace natlims::lims {

/// Counts events per key in a sliding window; used to slow down password guessing (failed logins
/// per user name and per client address) and result lookups per client.
class RateLimiter {
 public:
  RateLimiter(int limit, Millis window) : _limit(limit), _window(window) {}

  /// True when `key` has reached the limit within the window ending at `now`.
  bool blocked(const std::string& key, Millis now);
  /// Records one event for `key` at `now`.
  void record(const std::string& key, Millis now);
  /// Records one event and answers whether it was still within the limit.
  bool allow(const std::string& key, Millis now);
  /// Milliseconds until `key` may try again (0 when not blocked).
  Millis retryAfter(const std::string& key, Millis now);

 private:
  void prune(std::deque<Millis>& events, Millis now) const;

  int _limit;
  Millis _window;
  std::mutex _mutex;
  std::unordered_map<std::string, std::deque<Millis>> _events;  // guarded by _mutex
};

}  // namespace natlims::lims
