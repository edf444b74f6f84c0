#include "auth/RateLimiter.h"

namespace natlims::lims {

void RateLimiter::prune(std::deque<Millis>& events, Millis now) const {
  while (!events.empty() && events.front() <= now - _window) events.pop_front();
}

bool RateLimiter::blocked(const std::string& key, Millis now) {
  std::lock_guard lock(_mutex);
  auto it = _events.find(key);
  if (it == _events.end()) return false;
  prune(it->second, now);
  if (it->second.empty()) {
    _events.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= _limit;
}

void RateLimiter::record(const std::string& key, Millis now) {
  std::lock_guard lock(_mutex);
  auto& events = _events[key];
  prune(events, now);
  events.push_back(now);
}

bool RateLimiter::allow(const std::string& key, Millis now) {
  std::lock_guard lock(_mutex);
  auto& events = _events[key];
  prune(events, now);
  if (static_cast<int>(events.size()) >= _limit) return false;
  events.push_back(now);
  return true;
}

Millis RateLimiter::retryAfter(const std::string& key, Millis now) {
  std::lock_guard lock(_mutex);
  auto it = _events.find(key);
  if (it == _events.end()) return 0;
  prune(it->second, now);
  if (static_cast<int>(it->second.size()) < _limit) return 0;
  return it->second.front() + _window - now;
}

}  // namespace natlims::lims
