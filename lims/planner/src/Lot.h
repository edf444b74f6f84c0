#pragma once

#include <cstdint>
#include <vector>

namespace natlims::planner {

/// Tubes that travel together from one site to a lab (a courier's box, or part of one), or the
/// single-tube retests of one positive pool. Times are minutes after the round's start.
struct Lot {
  double arrivesAt = 0;     // at the lab
  double receivedAt = 0;    // set by the lab engine (the next opening when it arrives closed)
  double pickedAt = 0;      // left the site
  double lastClosedAt = 0;  // its last tube closed
  double sampledAt = 0;     // mean sampling time of its people
  std::int32_t tubes = 0;
  std::int32_t people = 0;
  std::int32_t site = -1;
  std::int16_t group = 0;   // priority group index; == group count for "everyone"
  bool urgent = false;      // single-tube retests of a positive pool
  double positiveRate = 0;  // planner: expected positives per tube (pool or person)
  std::int64_t firstTube = -1;  // simulator: index of its first tube (its tubes are consecutive)
};

/// What one part of a plate (`count` tubes of a lot from `offset`) turned out to hold.
struct PartOutcome {
  std::int32_t positives = 0;  // positive pools (first test) or positive people (retests)
  std::vector<Lot> retests;    // first test: one lot per positive pool, arrival set by the engine
};

}  // namespace natlims::planner
