#pragma once

#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "natlims/lims/Records.h"

namespace natlims::lims {

/// Who a bearer token belongs to, as the request handlers need it.
struct Principal {
  std::int64_t userId = 0;
  std::string username;
  Role role = Role::Sampler;
  Millis expiresAt = 0;
};

/// Live sessions in memory, keyed by the SHA-256 of the token, so authenticating a request costs
/// one hash and one lookup instead of a database read. The store is the durable copy: sessions
/// are added here only after they are committed, and loaded from the store at start.
class SessionTable {
 public:
  void add(const std::string& tokenHash, Principal principal);
  /// The principal of a token that has not expired at `now`.
  std::optional<Principal> find(const std::string& tokenHash, Millis now) const;
  /// Drops sessions that expired before `now`.
  void sweep(Millis now);

 private:
  mutable std::shared_mutex _mutex;
  std::unordered_map<std::string, Principal> _sessions;  // guarded by _mutex
};

}  // namespace natlims::lims
