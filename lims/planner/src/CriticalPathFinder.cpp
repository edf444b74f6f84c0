#include "CriticalPathFinder.h"

#include <cmath>

namespace natlims::planner {

CriticalPath CriticalPathFinder::find(const CoreResult& core) {
  CriticalPath path;
  int lab = -1;
  for (std::size_t l = 0; l < core.labs.size(); ++l)
    if (lab < 0 || core.labs[l].tally.lastRoutineRelease > core.labs[static_cast<std::size_t>(lab)].tally.lastRoutineRelease)
      lab = static_cast<int>(l);
  if (lab < 0) return path;
  const LabOutcome& out = core.labs[static_cast<std::size_t>(lab)];
  int last = -1;
  for (std::size_t i = 0; i < out.plates.size(); ++i) {
    const auto& p = out.plates[i];
    if (p.routineTubes > 0 && (last < 0 || p.releasedAt >= out.plates[static_cast<std::size_t>(last)].releasedAt))
      last = static_cast<int>(i);
  }
  path.lab = lab;
  if (last < 0) return path;
  constexpr double kEps = 1e-6;
  const PlateRecord* plate = &out.plates[static_cast<std::size_t>(last)];
  double labMinutes = plate->releasedAt - plate->runEnd;
  while (true) {
    labMinutes += plate->runEnd - plate->runStart;
    const int prev = plate->previousOnInstrument;
    // It waited for its instrument: the lab was busy, follow the run it waited for.
    if (plate->runStart > plate->readyAt + kEps && prev >= 0 &&
        std::fabs(out.plates[static_cast<std::size_t>(prev)].runEnd - plate->runStart) < kEps) {
      plate = &out.plates[static_cast<std::size_t>(prev)];
      continue;
    }
    labMinutes += plate->runStart - plate->formedAt;
    if (plate->triggerLot < 0) {  // a retest plate: the lab's own loop
      labMinutes += plate->formedAt;
      break;
    }
    const Lot& lot = out.lots[static_cast<std::size_t>(plate->triggerLot)];
    labMinutes += plate->formedAt - lot.arrivesAt;
    path.transportMinutes = lot.arrivesAt - lot.lastClosedAt;
    path.samplingMinutes = lot.lastClosedAt;
    path.site = lot.site;
    break;
  }
  path.labMinutes = labMinutes;
  return path;
}

Stage CriticalPathFinder::bottleneck(const CriticalPath& path) {
  if (path.labMinutes >= path.samplingMinutes && path.labMinutes >= path.transportMinutes) return Stage::Lab;
  if (path.transportMinutes >= path.samplingMinutes) return Stage::Transport;
  return Stage::Sampling;
}

}  // namespace natlims::planner
