// Registrations: one person bound to one tube. Every field is validated here, before the
// request reaches the writer, so the single writer thread only does the checks that need the
// stored state.
#include "api/Params.h"
#include "api/Routes.h"
#include "auth/Passwords.h"
#include "http/JsonBody.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

namespace {

// A station clock may run a little fast; a scan more than this far in the future is refused.
constexpr Millis kClockSkewAllowance = 5 * 60 * 1000;


// A sample that is not a person: {"sample":{"kind":"environment"|"goods","description","location"}}.
// Its id is derived from the idempotency key when there is one, so a retried request finds the
// same sample instead of making a second one.
void parseSample(const JsonBody& body, const ApiRequest& req, const std::string& key, RegistrationRequest& r) {
  const auto sample = body.object().getObject("sample");
  if (!sample) throw ApiError::invalid("sample", "sample must be an object {kind, description, location}");
  const auto text = [&](const char* name, std::size_t max) {
    const std::string field = std::string("sample.") + name;
    if (!sample->has(name) || !sample->get(name).isString()) throw ApiError::invalid(field, field + " is required");
    const std::string v(domain::trimBlanks(sample->getValue<std::string>(name)));
    if (const auto why = domain::checkPersonName(v, max); !why.empty()) throw ApiError::invalid(field, field + " " + why);
    return v;
  };
  r.sampleKind = text("kind", 20);
  if (r.sampleKind != "environment" && r.sampleKind != "goods")
    throw ApiError::invalid("sample.kind", "sample.kind must be environment or goods");
  r.name = text("description", 200);
  r.sampleLocation = text("location", 200);
  r.idType = kSampleIdType;
  const std::string seed = key.empty() ? generateToken() : std::to_string(req.principal->userId) + ":" + key;
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::string digest = sha256(seed);
  r.idNumber = "SMP-";
  for (int i = 0; i < 8; ++i) {
    r.idNumber.push_back(kHex[(static_cast<unsigned char>(digest[static_cast<std::size_t>(i)]) >> 4) & 15]);
    r.idNumber.push_back(kHex[static_cast<unsigned char>(digest[static_cast<std::size_t>(i)]) & 15]);
  }
}

// `idempotencyKey`: the Idempotency-Key header of a single registration, or a batch entry's
// idempotency_key; `keyField` names it in refusals.
RegistrationRequest parseRegistration(const JsonBody& body, const ApiRequest& req, const std::string& idempotencyKey,
                                      const char* keyField) {
  if (idempotencyKey.size() > 128) throw ApiError::invalid(keyField, std::string(keyField) + " is longer than 128 bytes");
  RegistrationRequest r;
  r.idempotencyKey = idempotencyKey;
  r.campaignId = body.requireInt("campaign_id", 1, INT64_MAX);
  r.tube = codeParam(body.requireString("tube", 64), domain::CodeKind::Tube, "tube");
  if (body.has("sample")) {
    parseSample(body, req, idempotencyKey, r);
    r.station = std::string(domain::trimBlanks(body.requireString("station", 128)));
    if (const auto why = domain::checkPersonName(r.station, 64); !why.empty()) throw ApiError::invalid("station", "station " + why);
    if (auto pool = body.optionalInt("pool_size", 1, 20)) r.poolSize = static_cast<int>(*pool);
    r.sampledAt = req.now;
    return r;
  }
  const std::string typeName = body.requireString("id_type", 64);
  const auto type = domain::parseIdType(typeName);
  if (!type)
    throw ApiError::invalid("id_type", "id_type must be one of resident_id, hk_macao_taiwan_permit, "
                                       "home_return_permit, passport, foreign_permanent_resident, other");
  r.idType = static_cast<int>(*type);
  const auto nationality = body.optionalString("nationality", 8);
  const auto id = domain::validateIdDocument(*type, body.requireString("id_number", 64), nationality.value_or(""));
  if (!id.ok) {
    const bool natFault = id.error.rfind("nationality", 0) == 0;
    throw ApiError::invalid(natFault ? "nationality" : "id_number", (natFault ? "" : "id_number ") + id.error);
  }
  r.idNumber = id.normalized;
  if (nationality) {
    r.nationality = *nationality;
    for (char& c : r.nationality)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (auto name = body.optionalString("name", 400)) {
    if (const auto why = domain::checkPersonName(*name); !why.empty()) throw ApiError::invalid("name", "name " + why);
    r.name = std::string(domain::trimBlanks(*name));
  }
  if (auto phone = body.optionalString("phone", 20)) {
    if (phone->find_first_not_of("+-0123456789 ") != std::string::npos)
      throw ApiError::invalid("phone", "phone may hold only digits, '+', '-' and blanks");
    if (!phone->empty()) r.phone = *phone;
  }
  r.station = std::string(domain::trimBlanks(body.requireString("station", 128)));
  if (const auto why = domain::checkPersonName(r.station, 64); !why.empty())
    throw ApiError::invalid("station", "station " + why);
  if (auto pool = body.optionalInt("pool_size", 1, 20)) r.poolSize = static_cast<int>(*pool);
  r.sampledAt = req.now;
  if (auto at = body.optionalString("sampled_at", 64)) {
    const auto t = parseRfc3339(*at);
    if (!t) throw ApiError::invalid("sampled_at", "sampled_at must be an RFC 3339 time with an offset");
    if (*t > req.now + kClockSkewAllowance) throw ApiError::invalid("sampled_at", "sampled_at is in the future");
    r.sampledAt = *t;
  }
  r.resample = body.optionalBool("resample", false);
  if (r.resample) {
    r.reason = std::string(domain::trimBlanks(body.optionalString("reason", 400).value_or("")));
    if (r.reason.empty()) throw ApiError::invalid("reason", "a reason is required to sample a person again");
    if (const auto why = domain::checkPersonName(r.reason, 200); !why.empty())
      throw ApiError::invalid("reason", "reason " + why);
  }
  if (auto pool = body.optionalString("recall_of", 64)) r.recallOf = codeParam(*pool, domain::CodeKind::Tube, "recall_of");
  return r;
}

// The members of a registration's answer (inside an object the caller opened).
void writeRegistration(JsonWriter& w, const RegistrationRequest& r, const RegistrationResult& result) {
  w.member("id", result.id).key("tube");
  writeTube(w, result.tube);
  // A sample's answer names its id, so the lab and reports can refer to it.
  if (r.idType == kSampleIdType) w.member("sample_id", r.idNumber);
}

ApiResponse registerPerson(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  const RegistrationRequest r = parseRegistration(body, req, req.header("Idempotency-Key"), "Idempotency-Key");
  const RegistrationResult result = ctx.store.registerPerson(r, req.actor());
  JsonWriter w;
  w.beginObject();
  writeRegistration(w, r, result);
  w.endObject();
  auto out = ApiResponse::json(201, w.take());
  if (result.replayed) out.headers.emplace_back("Idempotent-Replayed", "true");
  return out;
}

// A station's backlog in one request: {"registrations":[{...as for one..., "idempotency_key"}]}.
// Every entry is checked and stored on its own (a refused entry changes nothing and does not
// stop the others), all in one commit; the answer (200, once everything accepted is on disk)
// gives each entry's outcome in order, as the single call would have: status 201 with the
// registration (and "replayed" for a key seen before), or its status and error.
ApiResponse registerBatch(ServerContext& ctx, ApiRequest& req) {
  constexpr std::size_t kMaxEntries = 1000;
  const auto body = JsonBody::parse(req.body);
  const auto entries = body.requireObjectArray("registrations", kMaxEntries);
  if (entries.empty()) throw ApiError::invalid("registrations", "registrations must hold at least one entry");
  std::vector<std::optional<ApiError>> refused(entries.size());
  std::vector<RegistrationRequest> valid;
  std::vector<std::size_t> validIndex;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    try {
      // A batch is retried whole after a lost answer: without a key per entry that would register twice.
      const std::string key = entries[i].requireString("idempotency_key", 200);
      valid.push_back(parseRegistration(entries[i], req, key, "idempotency_key"));
      validIndex.push_back(i);
    } catch (const ApiError& e) {
      refused[i] = e;
    }
  }
  const auto outcomes = valid.empty() ? std::vector<RegistrationOutcome>{} : ctx.store.registerPeople(valid, req.actor());
  std::vector<const RegistrationOutcome*> byEntry(entries.size(), nullptr);
  std::vector<const RegistrationRequest*> requestOf(entries.size(), nullptr);
  for (std::size_t k = 0; k < validIndex.size(); ++k) {
    byEntry[validIndex[k]] = &outcomes[k];
    requestOf[validIndex[k]] = &valid[k];
  }
  JsonWriter w;
  w.beginObject().key("results").beginArray();
  std::int64_t accepted = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    w.beginObject().member("index", static_cast<std::int64_t>(i));
    const ApiError* error = refused[i] ? &*refused[i] : (byEntry[i]->error ? &*byEntry[i]->error : nullptr);
    if (error) {
      w.member("status", error->status()).key("error").beginObject().member("code", error->code()).member("message", error->what());
      if (!error->field().empty()) w.member("field", error->field());
      w.endObject();
    } else {
      ++accepted;
      w.member("status", 201).member("replayed", byEntry[i]->result->replayed);
      writeRegistration(w, *requestOf[i], *byEntry[i]->result);
    }
    w.endObject();
  }
  w.endArray().member("accepted", accepted).member("refused", static_cast<std::int64_t>(entries.size()) - accepted).endObject();
  return ApiResponse::json(200, w.take());
}


ApiResponse voidRegistration(ServerContext& ctx, ApiRequest& req) {
  const auto id = idParam(req.params.at(0), "unknown_registration", "registration");
  const auto body = JsonBody::parse(req.body.empty() ? "{}" : req.body);
  const std::string reason(domain::trimBlanks(body.optionalString("reason", 400).value_or("")));
  if (reason.empty()) throw ApiError::invalid("reason", "a reason is required to undo a registration");
  if (const auto why = domain::checkPersonName(reason, 200); !why.empty()) throw ApiError::invalid("reason", "reason " + why);
  const TubeView tube = ctx.store.voidRegistration(id, reason, req.actor());
  JsonWriter w;
  w.beginObject().member("id", id).member("voided", true).key("tube");
  writeTube(w, tube);
  w.endObject();
  return ApiResponse::json(200, w.take());
}

ApiResponse closeTube(ServerContext& ctx, ApiRequest& req) {
  const std::string code = codeParam(req.params.at(0), domain::CodeKind::Tube, "code");
  const TubeView tube = ctx.store.closeTube(code, req.actor());
  JsonWriter w;
  writeTube(w, tube);
  return ApiResponse::json(200, w.take());
}

}  // namespace

void addRegistrationRoutes(Router& router, ServerContext& ctx) {
  router.add("POST", "/api/v1/registrations", kSamplers | kCoordinators,
             [&ctx](ApiRequest& r) { return registerPerson(ctx, r); });
  router.add("POST", "/api/v1/registrations/batch", kSamplers | kCoordinators,
             [&ctx](ApiRequest& r) { return registerBatch(ctx, r); });
  router.add("POST", "/api/v1/registrations/{id}/void", kFieldStaff,
             [&ctx](ApiRequest& r) { return voidRegistration(ctx, r); });
  router.add("POST", "/api/v1/tubes/{code}/close", kFieldStaff, [&ctx](ApiRequest& r) { return closeTube(ctx, r); });
}

}  // namespace natlims::lims
