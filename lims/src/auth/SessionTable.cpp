#include "auth/SessionTable.h"

#include <mutex>

namespace natlims::lims {

void SessionTable::add(const std::string& tokenHash, Principal principal) {
  std::unique_lock lock(_mutex);
  _sessions[tokenHash] = std::move(principal);
}

std::optional<Principal> SessionTable::find(const std::string& tokenHash, Millis now) const {
  std::shared_lock lock(_mutex);
  const auto it = _sessions.find(tokenHash);
  if (it == _sessions.end() || it->second.expiresAt <= now) return std::nullopt;
  return it->second;
}

void SessionTable::sweep(Millis now) {
  std::unique_lock lock(_mutex);
  std::erase_if(_sessions, [now](const auto& kv) { return kv.second.expiresAt <= now; });
}

}  // namespace natlims::lims
