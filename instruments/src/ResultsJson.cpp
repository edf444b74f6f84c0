#include "natlims/instruments/ResultsJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <stdexcept>

namespace natlims::instruments {

std::string writeResultsJson(const RunData& run) {
  Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  root.set("format", "natlims-results-v1");
  root.set("instrument", run.instrument);
  root.set("run_id", run.runId);
  Poco::JSON::Array::Ptr wells = new Poco::JSON::Array();
  for (const auto& r : run.wells) {
    if (r.ct.state == CtValue::State::Missing) {
      throw std::invalid_argument("well " + (r.positionKnown ? wellLabel(r.position) : r.sample) + " (" + (r.target.empty() ? r.dye : r.target) +
                                  ") has no reading, which natlims-results-v1 cannot express");
    }
    Poco::JSON::Object::Ptr w = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (r.positionKnown) w->set("well", wellLabel(r.position));
    w->set("sample", r.sample);
    w->set("target", r.target);
    w->set("dye", r.dye);
    if (r.ct.hasValue()) {
      w->set("ct", r.ct.value);
    } else {
      w->set("ct", Poco::Dynamic::Var());
    }
    wells->add(w);
  }
  root.set("wells", wells);
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(root, out, 0);
  return out.str();
}

}  // namespace natlims::instruments
