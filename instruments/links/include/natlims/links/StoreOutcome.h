#pragma once

#include <string>

namespace natlims::links {

/// What became of a run handed to a RunSink.
struct StoreOutcome {
  enum class Kind {
    Stored,       // the server answered 2xx: the run is durable, the link may acknowledge
    Refused,      // the content was refused (4xx, or the link's own checks): sending it again
                  // unchanged will not help; `reason` says why, for a person
    Unavailable,  // network error, 5xx, rate limit, bad gateway credentials: try again later
  };
  Kind kind = Kind::Unavailable;
  int httpStatus = 0;    // 0 when no HTTP answer was received
  std::string runId;     // the server's run id when Stored
  std::string reason;    // for Refused / Unavailable; never holds identity data

  static StoreOutcome stored(std::string runId, int status = 201) {
    return {Kind::Stored, status, std::move(runId), {}};
  }
  static StoreOutcome refused(std::string why, int status = 0) {
    return {Kind::Refused, status, {}, std::move(why)};
  }
  static StoreOutcome unavailable(std::string why, int status = 0) {
    return {Kind::Unavailable, status, {}, std::move(why)};
  }
};

}  // namespace natlims::links
