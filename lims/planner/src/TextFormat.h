#pragma once

#include <cstdint>
#include <string>

namespace natlims::planner {

/// Numbers for people: hours with one decimal at most ("41.2", "48"), whole minutes, thousands
/// separated ("20,000,000").
std::string hoursText(double minutes);
std::string minutesText(double minutes);
std::string countText(double count);

}  // namespace natlims::planner
