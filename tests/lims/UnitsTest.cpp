#include <catch2/catch.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

#include "api/Csv.h"
#include "auth/Passwords.h"
#include "auth/RateLimiter.h"
#include "http/JsonWriter.h"
#include "natlims/lims/ServerConfig.h"
#include "natlims/lims/Time.h"

using namespace natlims::lims;

TEST_CASE("RFC 3339 times need an offset and a real date", "[time]") {
  struct { const char* text; bool ok; Millis expected; } rows[] = {
      {"2026-12-01T06:00:00+08:00", true, 1796076000000},
      {"2026-11-30T22:00:00Z", true, 1796076000000},
      {"2026-11-30T22:00:00.250Z", true, 1796076000250},
      {"2026-12-01T06:00:00", false, 0},
      {"2026-02-30T06:00:00Z", false, 0},
      {"2026-13-01T06:00:00Z", false, 0},
      {"yesterday", false, 0},
      {"", false, 0},
  };
  for (const auto& row : rows) {
    INFO(row.text);
    const auto t = parseRfc3339(row.text);
    CHECK(t.has_value() == row.ok);
    if (row.ok && t) CHECK(*t == row.expected);
  }
  CHECK(formatRfc3339(1796076000000, 480) == "2026-12-01T06:00:00+08:00");
  CHECK(formatRfc3339(1796076000000, 0) == "2026-11-30T22:00:00Z");
  CHECK(formatRfc3339(1796076000000, -330) == "2026-11-30T16:30:00-05:30");
}

TEST_CASE("CSV lines split with quotes", "[csv]") {
  std::vector<std::string> f;
  REQUIRE(splitCsvLine(R"(a,"b,c","d ""e""",,f)", f));
  CHECK(f == std::vector<std::string>{"a", "b,c", "d \"e\"", "", "f"});
  CHECK_FALSE(splitCsvLine(R"(a,"b)", f));
  CHECK(csvField("x,y") == "\"x,y\"");
  CHECK(csvField("plain") == "plain");
}

TEST_CASE("passwords verify only with the right password and keep their rounds", "[auth]") {
  const auto hash = hashPassword("correct horse", 100000);
  CHECK(hash.rfind("pbkdf2-sha256$100000$", 0) == 0);
  CHECK(verifyPassword("correct horse", hash));
  CHECK_FALSE(verifyPassword("correct horsE", hash));
  CHECK_FALSE(verifyPassword("correct horse", "garbage"));
  CHECK(hashPassword("same", 100000) != hashPassword("same", 100000));  // salted
  CHECK(generateToken().size() >= 43);
  CHECK(generateToken() != generateToken());
}

TEST_CASE("the rate limiter blocks within the window and forgets after it", "[auth]") {
  RateLimiter limiter(3, 60'000);
  for (int i = 0; i < 3; ++i) limiter.record("u", 1000 + i);
  CHECK(limiter.blocked("u", 2000));
  CHECK_FALSE(limiter.blocked("other", 2000));
  CHECK(limiter.retryAfter("u", 2000) == 59'000);
  CHECK_FALSE(limiter.blocked("u", 61'001));
  CHECK(limiter.allow("v", 0));
  CHECK(limiter.allow("v", 1));
  CHECK(limiter.allow("v", 2));
  CHECK_FALSE(limiter.allow("v", 3));
}

TEST_CASE("the JSON writer escapes strings and places commas", "[json]") {
  JsonWriter w;
  w.beginObject().member("a", "x\"y\n\x01").key("b").beginArray().value(1).value(true).null().endArray().endObject();
  CHECK(w.str() == R"({"a":"x\"y\n\u0001","b":[1,true,null]})");
}

TEST_CASE("bad configuration values refuse to start and name the key", "[config]") {
  struct { const char* key; const char* value; } rows[] = {
      {"server.port", "http"},        {"server.port", "70000"},         {"server.bind", "localhost:80"},
      {"server.threads", "0"},        {"store.url", "mysql://x"},       {"store.url", "postgresql://db/lims"},
      {"store.synchronous", "normal"}, {"auth.pbkdf2_iterations", "1000"}, {"log.access", "maybe"},
      {"server.utc_offset", "8"},     {"reporting.endpoint", "ftp://x"}, {"healthcode.endpoint", "mllp://x:1"},
  };
  for (const auto& row : rows) {
    INFO(row.key << " = " << row.value);
    Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
    c->setString(row.key, row.value);
    try {
      ServerConfig::load(*c, "/tmp/x");
      FAIL("accepted");
    } catch (const std::invalid_argument& e) {
      CHECK(std::string(e.what()).find(row.key) != std::string::npos);
    }
  }
  Poco::AutoPtr<Poco::Util::MapConfiguration> empty(new Poco::Util::MapConfiguration);
  const auto d = ServerConfig::load(*empty, "/data");
  CHECK(d.storeUrl == "sqlite:/data/lims.db");
  CHECK(d.port == 8080);
  CHECK(d.bind == "127.0.0.1");
  CHECK(d.pbkdf2Iterations >= 100000);
}
