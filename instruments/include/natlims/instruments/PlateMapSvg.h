#pragma once

#include <string>

#include "natlims/instruments/Kit.h"
#include "natlims/instruments/PlateLayout.h"

namespace natlims::instruments {

struct PlateMapOptions {
  std::string title;      // printed at the top; default "Plate <plateId>"
  std::string printedAt;  // free text printed under the title (e.g. the local time)
};

/// A printable plate map (SVG, A4 landscape in millimetres): the plate grid with each well's
/// tube code (controls highlighted, empty wells hatched), the kit with its version and targets,
/// the fill order and the counts. Text is XML-escaped.
std::string renderPlateMapSvg(const PlateLayout& plate, const Kit& kit,
                              const PlateMapOptions& options = {});

}  // namespace natlims::instruments
