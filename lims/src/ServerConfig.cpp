#include "natlims/lims/ServerConfig.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <stdexcept>

#include "natlims/lims/Time.h"

namespace natlims::lims {

namespace {

[[noreturn]] void bad(const std::string& key, const std::string& why) {
  throw std::invalid_argument("configuration key " + key + " " + why);
}

std::int64_t readInt(const Poco::Util::AbstractConfiguration& c, const std::string& key, std::int64_t def,
                     std::int64_t min, std::int64_t max) {
  if (!c.hasProperty(key)) return def;
  const std::string raw = c.getRawString(key);
  Poco::Int64 v = 0;
  if (!Poco::NumberParser::tryParse64(raw, v)) bad(key, "must be a whole number (got '" + raw + "')");
  if (v < min || v > max) bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return v;
}

bool readBool(const Poco::Util::AbstractConfiguration& c, const std::string& key, bool def) {
  if (!c.hasProperty(key)) return def;
  const std::string raw = c.getRawString(key);
  if (raw == "true" || raw == "yes" || raw == "on" || raw == "1") return true;
  if (raw == "false" || raw == "no" || raw == "off" || raw == "0") return false;
  bad(key, "must be true or false (got '" + raw + "')");
}

std::string readString(const Poco::Util::AbstractConfiguration& c, const std::string& key, const std::string& def) {
  return c.hasProperty(key) ? c.getRawString(key) : def;
}

void checkEndpoint(const std::string& key, const std::string& url, bool mllpAllowed) {
  if (url.empty()) return;
  const bool http = url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
  const bool mllp = url.rfind("mllp://", 0) == 0;
  if (!http && !(mllpAllowed && mllp))
    bad(key, mllpAllowed ? "must start with http://, https:// or mllp://" : "must start with http:// or https://");
}

}  // namespace

ServerConfig ServerConfig::load(const Poco::Util::AbstractConfiguration& c, const std::string& dataDir) {
  ServerConfig s;
  s.bind = readString(c, "server.bind", s.bind);
  Poco::Net::IPAddress ip;
  if (!Poco::Net::IPAddress::tryParse(s.bind, ip)) bad("server.bind", "must be an IP address (got '" + s.bind + "')");
  s.port = static_cast<int>(readInt(c, "server.port", s.port, 0, 65535));
  s.threads = static_cast<int>(readInt(c, "server.threads", s.threads, 4, 8192));
  s.queue = static_cast<int>(readInt(c, "server.queue", s.queue, 1, 65536));
  s.keepAliveSeconds = static_cast<int>(readInt(c, "server.keep_alive_seconds", s.keepAliveSeconds, 1, 3600));
  s.maxBodyBytes = readInt(c, "server.max_body_bytes", s.maxBodyBytes, 1024, 64LL << 20);
  s.maxCsvBytes = readInt(c, "server.max_csv_bytes", s.maxCsvBytes, 1024, 64LL << 30);
  const std::string offset = readString(c, "server.utc_offset", "+08:00");
  const auto minutes = parseUtcOffset(offset);
  if (!minutes) bad("server.utc_offset", "must look like +08:00 or Z (got '" + offset + "')");
  s.utcOffsetMinutes = *minutes;

  s.storeUrl = readString(c, "store.url", "sqlite:" + dataDir + "/lims.db");
  if (s.storeUrl.rfind("sqlite:", 0) != 0) {
    if (s.storeUrl.rfind("postgresql://", 0) == 0)
      bad("store.url", "names a PostgreSQL store, which this build does not include yet (use sqlite:PATH)");
    bad("store.url", "must be sqlite:PATH or postgresql://... (got '" + s.storeUrl + "')");
  }
  if (s.storeUrl.size() <= 7) bad("store.url", "must name a file after sqlite:");
  s.cacheMb = static_cast<int>(readInt(c, "store.cache_mb", s.cacheMb, 2, 65536));
  s.maxGroup = static_cast<int>(readInt(c, "store.max_group", s.maxGroup, 1, 100000));
  s.readers = static_cast<int>(readInt(c, "store.readers", s.readers, 1, 64));
  s.keepInMemoryMb = static_cast<int>(readInt(c, "store.keep_in_memory_mb", s.keepInMemoryMb, 0, 1 << 20));
  // Durability is not a setting: synchronous=FULL is always on (see docs/design.md).
  if (c.hasProperty("store.synchronous") && c.getRawString("store.synchronous") != "full")
    bad("store.synchronous", "can only be full: a 2xx answer must mean the data is on disk");

  s.tokenTtlMinutes = static_cast<int>(readInt(c, "auth.token_ttl_minutes", s.tokenTtlMinutes, 1, 7 * 24 * 60));
  s.pbkdf2Iterations = static_cast<int>(readInt(c, "auth.pbkdf2_iterations", s.pbkdf2Iterations, 100000, 10000000));
  s.loginFailuresPerMinute =
      static_cast<int>(readInt(c, "auth.login_failures_per_minute", s.loginFailuresPerMinute, 1, 10000));

  s.accessLog = readBool(c, "log.access", s.accessLog);
  s.kitsDir = readString(c, "lab.kits_dir", "");
  s.tableMappings = readString(c, "lab.table_mappings", "");
  s.maxTransitMinutes = static_cast<int>(readInt(c, "lab.max_transit_minutes", s.maxTransitMinutes, 1, 7 * 24 * 60));
  s.lookupsPerClientPerMinute =
      static_cast<int>(readInt(c, "lookup.per_client_per_minute", s.lookupsPerClientPerMinute, 1, 100000000));
  s.demoPeoplePerMinute = static_cast<double>(readInt(c, "demo.people_per_minute", 60, 0, 100000));
  s.techMayReleaseNegatives = readBool(c, "release.tech_may_release_negatives", s.techMayReleaseNegatives);
  s.reportingEndpoint = readString(c, "reporting.endpoint", "");
  checkEndpoint("reporting.endpoint", s.reportingEndpoint, true);
  s.healthcodeEndpoint = readString(c, "healthcode.endpoint", "");
  checkEndpoint("healthcode.endpoint", s.healthcodeEndpoint, false);
  return s;
}

}  // namespace natlims::lims
