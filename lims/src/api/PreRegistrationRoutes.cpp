// Pre-registration: a resident enters their document on a phone and gets a QR payload signed
// by the server (docs/preregistration.md); stations verify it offline with the public key.
#include "api/Routes.h"
#include "http/JsonBody.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

namespace {

ApiResponse issue(ServerContext& ctx, ApiRequest& req) {
  if (!ctx.preRegistrationsByClient.allow(req.client, req.now))
    throw ApiError(429, "rate_limited", "too many pre-registrations from this address: wait a minute");
  const auto body = JsonBody::parse(req.body);
  domain::PreRegistration reg;
  const auto type = domain::parseIdType(body.requireString("id_type", 64));
  if (!type) throw ApiError::invalid("id_type", "id_type is not a supported document type");
  reg.idType = *type;
  reg.nationality = body.optionalString("nationality", 8).value_or("CHN");
  const auto id = domain::validateIdDocument(reg.idType, body.requireString("id_number", 64), reg.nationality);
  if (!id.ok) throw ApiError::invalid("id_number", "id_number " + id.error);
  reg.idNumber = id.normalized;
  reg.name = body.requireString("name", 400);
  reg.phone = body.optionalString("phone", 20).value_or("");
  if (const auto why = domain::checkPreRegistration(reg); !why.empty()) {
    const auto colon = why.find(':');
    throw ApiError::invalid(why.substr(0, colon), why);
  }
  JsonWriter w;
  w.beginObject().member("payload", domain::signPreRegistration(reg, ctx.preRegistrationKey)).endObject();
  return ApiResponse::json(201, w.take());
}

ApiResponse publicKey(ServerContext& ctx, ApiRequest&) {
  JsonWriter w;
  w.beginObject()
      .member("algorithm", "Ed25519")
      .member("public_key", domain::toBase64(domain::ed25519PublicKeyOf(ctx.preRegistrationKey)))
      .endObject();
  return ApiResponse::json(200, w.take());
}

}  // namespace

void addPreRegistrationRoutes(Router& router, ServerContext& ctx) {
  router.add("POST", "/api/v1/preregistrations", kNoAuth, [&ctx](ApiRequest& r) { return issue(ctx, r); });
  router.add("GET", "/api/v1/preregistration-key", kNoAuth, [&ctx](ApiRequest& r) { return publicKey(ctx, r); });
}

}  // namespace natlims::lims
