#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "natlims/lims/Time.h"

namespace natlims::lims {

/// A grid unit (with its whole subtree) against a campaign: register population and people sampled.
struct CoverageRow {
  std::string path;
  std::string name;
  int level = 0;
  std::int64_t population = 0;
  std::int64_t sampled = 0;
};

/// Where the campaign's tubes are.
struct PipelineCounts {
  std::int64_t registeredTubes = 0;  // every tube used in the campaign
  std::int64_t closedTubes = 0;      // closed at the site, not yet boxed
  std::int64_t inTransitBoxes = 0;   // sealed or handed over, not yet received
  std::int64_t boxedTubes = 0;       // in those boxes
  std::int64_t receivedTubes = 0;    // at the lab, not yet tested
  std::int64_t testedTubes = 0;      // result imported, not yet released
  std::int64_t releasedTubes = 0;
  std::int64_t boxesOverdue = 0;     // in transit longer than the limit
  std::int64_t tubesWaitingLong = 0; // received, untested for longer than the limit
  std::optional<double> medianTurnaroundMinutes;  // receipt to release, recent results
};

/// A released positive (or grey-zone) tube and its report.
struct PositiveView {
  std::string tube;
  bool pooled = false;
  std::int64_t people = 0;
  std::string result;
  Millis releasedAt = 0;
  Millis deadline = 0;
  Millis deliveredAt = 0;  // 0 while undelivered
};

/// A person of the register not yet sampled in a campaign (for door-to-door follow-up).
struct NotSampledRow {
  std::string gridUnit;
  std::string name;
  std::string phone;
  std::string idType;
  std::string idNumber;  // masked by the handler
};

/// A plan attached to a campaign.
struct CampaignPlan {
  Millis startAt = 0;
  std::vector<double> hourlyPeople;  // planned people swabbed in hour h after startAt
  std::string planJson;
};

}  // namespace natlims::lims
