#pragma once

#include <string>
#include <string_view>

namespace natlims::instruments {

/// One Ct (Cq, Cp) reading as the instrument reported it.
///
/// "No amplification" is a state of its own, never a number: instruments write it as
/// `Undetermined`, `NaN`, `N/A`, an empty cell, `-1` or the cycle count, and each reader maps
/// its own spelling to `Undetermined`. `Missing` means the file gave no usable reading at all
/// (an empty ABI CT cell, a LightCycler 96 "Invalid" call): a result cannot rest on it.
/// `raw` always keeps the text the file held, so a person can see what the instrument said.
struct CtValue {
  enum class State { Value, Undetermined, Missing };

  State state = State::Missing;
  double value = 0.0;  // meaningful only when state == Value
  std::string raw;

  static CtValue number(double v, std::string rawText);
  static CtValue undetermined(std::string rawText);
  static CtValue missing(std::string rawText = {});

  bool hasValue() const { return state == State::Value; }
  bool operator==(const CtValue&) const = default;
};

/// "value", "undetermined" or "missing".
std::string_view ctStateName(CtValue::State state);

}  // namespace natlims::instruments
