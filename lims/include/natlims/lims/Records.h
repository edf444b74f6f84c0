#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "natlims/lims/ApiError.h"
#include "natlims/lims/Time.h"

namespace natlims::lims {

/// The persons.id_type of environment and goods samples (outside domain::IdType on purpose: a
/// sample is never looked up as a person).
inline constexpr int kSampleIdType = 100;

enum class Role { Admin, Coordinator, Sampler, LabTech, LabReviewer };

const char* roleName(Role role);
std::optional<Role> parseRole(const std::string& name);

/// Who is doing a mutating call, for the audit trail.
struct Actor {
  std::int64_t userId = 0;
  std::string username;
  Role role = Role::Sampler;
  std::string client;  // remote address
  Millis at = 0;
};

struct UserRecord {
  std::int64_t id = 0;
  std::string username;
  Role role = Role::Sampler;
  std::string passwordHash;  // "pbkdf2-sha256$ITER$SALT$HASH" (base64)
  bool disabled = false;
};

struct SessionRecord {
  std::string tokenHash;  // SHA-256 of the bearer token (raw 32 bytes); the token itself is never stored
  std::int64_t userId = 0;
  Millis createdAt = 0;
  Millis expiresAt = 0;
};

struct CampaignRecord {
  std::int64_t id = 0;
  std::string name;
  std::string area;  // grid path prefix
  Millis startsAt = 0;
  int deadlineHours = 48;
  int poolSize = 10;
  int reportSlaMinutes = 120;
  Millis createdAt = 0;
  Millis deadline() const { return startsAt + static_cast<Millis>(deadlineHours) * 3600 * 1000; }
};

/// One valid row of the population register.
struct PersonRow {
  int idType = 0;  // natlims::domain::IdType as int
  std::string idNumber;
  std::string nationality = "CHN";
  std::string name;
  std::string phone;
  std::string gridPath;  // normalized
};

struct ImportCounts {
  std::int64_t imported = 0;
  std::int64_t updated = 0;
};

/// A validated registration request (the handler validated every field first).
struct RegistrationRequest {
  std::int64_t campaignId = 0;
  std::string tube;  // canonical tube code
  int idType = 0;
  std::string idNumber;  // normalized
  std::string nationality = "CHN";
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::string station;
  std::optional<int> poolSize;  // only used by the registration that opens the tube
  Millis sampledAt = 0;
  bool resample = false;
  std::string reason;
  std::string recallOf;  // the positive pool's tube code, for a single-tube re-sample (may be empty)
  // A sample that is not a person (environment, goods): kind and location; idType is then
  // kSampleIdType, idNumber a server-made id and name the description.
  std::string sampleKind;
  std::string sampleLocation;
  std::string idempotencyKey;  // may be empty
};

struct TubeView {
  std::string code;
  int count = 0;
  int poolSize = 0;
  std::string state;  // allocated | open | closed | boxed | received | ...
};

struct RegistrationResult {
  std::int64_t id = 0;
  TubeView tube;
  bool replayed = false;  // the same Idempotency-Key was seen before: nothing was added
};

/// One entry of a batch of registrations: its result, or why it was refused.
struct RegistrationOutcome {
  std::optional<RegistrationResult> result;
  std::optional<ApiError> error;
};

struct BoxView {
  std::string code;
  std::string state;  // allocated | sealed | handed_over | received
  std::vector<std::string> tubes;
  Millis sealedAt = 0;
  std::string courier;
  Millis handedOverAt = 0;
};

struct CampaignProgress {
  std::int64_t population = 0;  // register entries under the campaign's area
  std::int64_t sampled = 0;     // distinct people with a registration
  std::int64_t tubesOpen = 0;
  std::int64_t tubesClosed = 0;  // closed or further along (boxed, received, ...)
  std::int64_t registrations = 0;
  Millis firstSampleAt = 0;
  Millis lastSampleAt = 0;
  std::int64_t resulted = 0;             // people in tubes whose result is released
  std::int64_t positivePools = 0;        // released positive/retest pooled tubes
  std::int64_t positiveIndividuals = 0;  // released positive single tubes
};

}  // namespace natlims::lims
