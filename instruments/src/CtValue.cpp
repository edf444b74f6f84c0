#include "natlims/instruments/CtValue.h"

#include <utility>

namespace natlims::instruments {

CtValue CtValue::number(double v, std::string rawText) {
  return CtValue{State::Value, v, std::move(rawText)};
}

CtValue CtValue::undetermined(std::string rawText) {
  return CtValue{State::Undetermined, 0.0, std::move(rawText)};
}

CtValue CtValue::missing(std::string rawText) {
  return CtValue{State::Missing, 0.0, std::move(rawText)};
}

std::string_view ctStateName(CtValue::State state) {
  switch (state) {
    case CtValue::State::Value: return "value";
    case CtValue::State::Undetermined: return "undetermined";
    case CtValue::State::Missing: return "missing";
  }
  return "missing";
}

}  // namespace natlims::instruments
