#include "natlims/instruments/PlateLayout.h"

#include <algorithm>
#include <set>

#include "natlims/domain/CodeScheme.h"
#include "text/Table.h"

namespace natlims::instruments {

const PlateWell* PlateLayout::at(WellPosition position) const {
  for (const auto& w : wells) {
    if (w.position == position) return &w;
  }
  return nullptr;
}

const PlateWell* PlateLayout::find(std::string_view name) const {
  const std::string wanted = detail::lowerAscii(detail::trim(name));
  for (const auto& w : wells) {
    if (detail::lowerAscii(w.name) == wanted) return &w;
  }
  return nullptr;
}

std::vector<WellAssignment> PlateLayout::assignments() const {
  std::vector<WellAssignment> out;
  out.reserve(wells.size());
  for (const auto& w : wells) out.push_back(WellAssignment{w.position, w.kind, w.name});
  return out;
}

LayoutOutcome layoutPlate(const std::vector<std::string>& tubes, const Kit& kit, int wells, const LayoutOptions& options) {
  LayoutOutcome out;
  const auto format = plateFormatForWells(wells);
  if (!format) {
    out.field = "wells";
    out.message = "a plate has 96 or 384 wells, not " + std::to_string(wells);
    return out;
  }
  const auto positives = kit.controlWells(*format, true);
  const auto negatives = kit.controlWells(*format, false);
  if (positives.empty() || negatives.empty()) {
    out.field = "kit";
    out.message = "kit " + kit.id + " places no " + std::string(positives.empty() ? "positive" : "negative") +
                  " control on a " + std::to_string(wells) + "-well plate";
    return out;
  }
  if (tubes.empty()) {
    out.field = "tubes";
    out.message = "no tubes to lay out";
    return out;
  }
  std::vector<std::string> codes;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < tubes.size(); ++i) {
    const std::string field = "tubes[" + std::to_string(i) + "]";
    std::string code = detail::trim(tubes[i]);
    if (options.requireTubeCodes) {
      const auto check = natlims::domain::validateCode(code, natlims::domain::CodeKind::Tube);
      if (!check.ok) {
        out.field = field;
        out.message = "'" + code + "' is not a tube code: " + check.error;
        return out;
      }
      code = check.code;
    } else if (code.empty()) {
      out.field = field;
      out.message = "empty sample name";
      return out;
    }
    if (!seen.insert(detail::lowerAscii(code)).second) {
      out.field = field;
      out.message = code + " appears twice";
      return out;
    }
    if (detail::lowerAscii(code) == detail::lowerAscii(kit.positiveControl.name) ||
        detail::lowerAscii(code) == detail::lowerAscii(kit.negativeControl.name)) {
      out.field = field;
      out.message = "'" + code + "' is the name of a control of kit " + kit.id;
      return out;
    }
    codes.push_back(std::move(code));
  }
  const std::size_t capacity = static_cast<std::size_t>(format->wells()) - positives.size() - negatives.size();
  if (codes.size() > capacity) {
    out.field = "tubes";
    out.message = std::to_string(codes.size()) + " tubes do not fit: a " + std::to_string(wells) +
                  "-well plate with " + std::to_string(positives.size() + negatives.size()) +
                  " control wells holds " + std::to_string(capacity);
    return out;
  }
  PlateLayout plate;
  plate.kitId = kit.id;
  plate.kitVersion = kit.version;
  plate.format = *format;
  std::set<WellPosition> controlAt(positives.begin(), positives.end());
  controlAt.insert(negatives.begin(), negatives.end());
  auto controlKind = [&](WellPosition p) {
    return std::find(positives.begin(), positives.end(), p) != positives.end() ? SampleKind::PositiveControl
                                                                                 : SampleKind::NegativeControl;
  };
  std::size_t next = 0;
  const int outer = options.order == FillOrder::ColumnWise ? format->columns : format->rows;
  const int inner = options.order == FillOrder::ColumnWise ? format->rows : format->columns;
  for (int o = 0; o < outer; ++o) {
    for (int i = 0; i < inner; ++i) {
      const WellPosition p = options.order == FillOrder::ColumnWise ? WellPosition{i, o} : WellPosition{o, i};
      if (controlAt.count(p) != 0) {
        const SampleKind kind = controlKind(p);
        plate.wells.push_back(PlateWell{p, kind, kind == SampleKind::PositiveControl ? kit.positiveControl.name
                                                                                      : kit.negativeControl.name});
      } else if (next < codes.size()) {
        plate.wells.push_back(PlateWell{p, SampleKind::Sample, codes[next++]});
      }
    }
  }
  out.plate = std::move(plate);
  return out;
}

}  // namespace natlims::instruments
