#pragma once

#include <Poco/JSON/Object.h>

#include "HttpClient.h"
#include "ServerProcess.h"
#include "natlims/domain/IdDocument.h"

namespace natlims::test {

/// The real lims-server on port 0 with a fresh data directory, an admin client logged in, and
/// helpers to create users and a campaign through the API.
struct ServerFixture {
  TempDir dir;
  ServerProcess server;
  std::unique_ptr<HttpClient> admin;

  explicit ServerFixture(std::vector<std::string> extraArgs = {})
      : server(ServerProcess::Options{dir.path(), "admin-password-1", std::move(extraArgs), {}}) {
    server.start();
    admin = std::make_unique<HttpClient>(server.baseUrl());
    if (admin->login("admin", "admin-password-1").status != 201) throw std::runtime_error("admin login failed");
  }

  /// Creates a user with `role` and returns a client logged in as it.
  std::unique_ptr<HttpClient> userClient(const std::string& name, const std::string& role) {
    const auto r = admin->post("/api/v1/users",
                               R"({"username":")" + name + R"(","password":"password-)" + name + R"(","role":")" + role + R"("})");
    if (r.status != 201) throw std::runtime_error("create user failed: " + r.body);
    auto c = std::make_unique<HttpClient>(server.baseUrl());
    if (c->login(name, "password-" + name).status != 201) throw std::runtime_error("login failed");
    return c;
  }

  /// Creates a campaign as admin; returns its id.
  std::int64_t campaign(int poolSize = 10, const std::string& area = "D1") {
    const auto r = admin->post("/api/v1/campaigns", R"({"name":"round","area":")" + area +
                                                        R"(","starts_at":"2026-12-01T06:00:00+08:00","pool_size":)" +
                                                        std::to_string(poolSize) + "}");
    if (r.status != 201) throw std::runtime_error("create campaign failed: " + r.body);
    return r.json()->getValue<std::int64_t>("id");
  }

  std::vector<std::string> tubes(HttpClient& c, int n) {
    const auto r = c.post("/api/v1/tube-codes", "{\"count\":" + std::to_string(n) + "}");
    if (r.status != 201) throw std::runtime_error("tube codes failed: " + r.body);
    std::vector<std::string> out;
    auto arr = r.json()->getArray("codes");
    for (std::size_t i = 0; i < arr->size(); ++i) out.push_back(arr->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
  }

  static std::string residentId(int n) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "4405241980%02d%02d%03d", 1 + n / 28 % 12, 1 + n % 28, n % 1000);
    std::string first17(buf);
    return first17 + domain::residentIdCheckChar(first17);
  }

  static std::string registration(std::int64_t campaign, const std::string& tube, const std::string& idNumber,
                                  const std::string& name = "张三") {
    return R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + tube +
           R"(","id_type":"resident_id","id_number":")" + idNumber + R"(","name":")" + name + R"(","station":"S1"})";
  }
};

}  // namespace natlims::test
