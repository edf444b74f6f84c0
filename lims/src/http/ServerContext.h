#pragma once

#include <Poco/Logger.h>

#include "Metrics.h"
#include "http/AccessLog.h"
#include "auth/RateLimiter.h"
#include "auth/SessionTable.h"
#include "natlims/domain/PreRegistration.h"
#include "natlims/instruments/KitRegistry.h"
#include "natlims/instruments/TableMapping.h"
#include "natlims/lims/ServerConfig.h"
#include "natlims/lims/Store.h"

namespace natlims::lims {

class OutboxWorker;

/// The dependencies request handlers share, wired once by the application and passed in (never
/// fetched from globals).
struct ServerContext {
  ServerContext(const ServerConfig& c, Store& s, Metrics& m, AccessLog* access, Poco::Logger& l)
      : config(c),
        store(s),
        metrics(m),
        accessLog(access),
        log(l),
        loginFailuresByUser(c.loginFailuresPerMinute, 60'000),
        loginFailuresByClient(c.loginFailuresPerMinute * 4, 60'000),
        preRegistrationsByClient(60, 60'000),
        lookupsByClient(c.lookupsPerClientPerMinute, 60'000) {}

  const ServerConfig& config;
  Store& store;
  Metrics& metrics;
  AccessLog* accessLog;  // nullptr when the access log is off
  Poco::Logger& log;
  SessionTable sessions;
  RateLimiter loginFailuresByUser;
  RateLimiter loginFailuresByClient;
  RateLimiter preRegistrationsByClient;
  RateLimiter lookupsByClient;
  /// Told about new outbox entries (a release); may be null (tests of handlers alone).
  OutboxWorker* outbox = nullptr;
  /// Delimited-table layouts of instruments without a dedicated reader (lab.table_mappings).
  std::vector<instruments::TableMapping> tableMappings;
  /// The assay kits, loaded once at start.
  instruments::KitRegistry kits;
  /// The key that signs pre-registration QR payloads (<data dir>/preregistration.key).
  domain::Ed25519PrivateKey preRegistrationKey;
};

}  // namespace natlims::lims
