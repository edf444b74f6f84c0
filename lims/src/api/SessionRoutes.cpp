// Logging in and managing accounts.
#include "api/Routes.h"
#include "auth/Passwords.h"
#include "http/JsonBody.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

namespace {

void checkUsername(const std::string& name) {
  if (name.size() < 3 || name.size() > 64)
    throw ApiError::invalid("username", "username must be 3 to 64 characters");
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) throw ApiError::invalid("username", "username may hold only a-z, 0-9, '_', '.' and '-'");
  }
}

ApiResponse login(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  const std::string username = body.requireString("username", 64);
  const std::string password = body.requireString("password", 256);
  const std::string userKey = "user:" + username;
  const std::string clientKey = "client:" + req.client;
  if (ctx.loginFailuresByUser.blocked(userKey, req.now) || ctx.loginFailuresByClient.blocked(clientKey, req.now))
    throw ApiError(429, "too_many_attempts", "too many failed logins: wait a minute and try again");
  const auto user = ctx.store.findUser(username);
  // An unknown user costs the same hashing time as a wrong password, so timing reveals nothing.
  static const std::string kDecoy = hashPassword("decoy", ctx.config.pbkdf2Iterations);
  const bool ok = verifyPassword(password, user ? user->passwordHash : kDecoy) && user && !user->disabled;
  if (!ok) {
    ctx.loginFailuresByUser.record(userKey, req.now);
    ctx.loginFailuresByClient.record(clientKey, req.now);
    ctx.metrics.addLoginFailure();
    ctx.log.warning("failed login for user '%s' from %s", username, req.client);
    throw ApiError(401, "invalid_credentials", "unknown user or wrong password");
  }
  const std::string token = generateToken();
  SessionRecord session{sha256(token), user->id, req.now,
                        req.now + static_cast<Millis>(ctx.config.tokenTtlMinutes) * 60'000};
  Actor actor{user->id, user->username, user->role, req.client, req.now};
  ctx.store.createSession(session, actor);
  ctx.sessions.add(session.tokenHash, Principal{user->id, user->username, user->role, session.expiresAt});
  JsonWriter w;
  w.beginObject()
      .member("token", token)
      .member("role", roleName(user->role))
      .member("username", user->username)
      .member("expires_at", formatRfc3339(session.expiresAt, ctx.config.utcOffsetMinutes))
      .endObject();
  return ApiResponse::json(201, w.take());
}

ApiResponse createUser(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  const std::string username = body.requireString("username", 64);
  checkUsername(username);
  const std::string password = body.requireString("password", 256);
  if (password.size() < 10) throw ApiError::invalid("password", "password must be at least 10 characters");
  const std::string roleText = body.requireString("role", 32);
  const auto role = parseRole(roleText);
  if (!role)
    throw ApiError::invalid("role", "role must be one of admin, coordinator, sampler, lab_tech, lab_reviewer");
  const auto user = ctx.store.createUser(username, *role, hashPassword(password, ctx.config.pbkdf2Iterations), req.actor());
  JsonWriter w;
  w.beginObject().member("id", user.id).member("username", user.username).member("role", roleName(user.role)).endObject();
  return ApiResponse::json(201, w.take());
}

}  // namespace

void addSessionRoutes(Router& router, ServerContext& ctx) {
  router.add("POST", "/api/v1/session", kNoAuth, [&ctx](ApiRequest& r) { return login(ctx, r); });
  router.add("POST", "/api/v1/users", roleBit(Role::Admin), [&ctx](ApiRequest& r) { return createUser(ctx, r); });
}

}  // namespace natlims::lims
