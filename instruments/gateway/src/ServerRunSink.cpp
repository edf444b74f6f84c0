#include "natlims/gateway/ServerRunSink.h"

namespace natlims::gateway {

links::StoreOutcome ServerRunSink::store(const links::RunDocument& run) {
  return _client.uploadRun(links::toJson(run));
}

}  // namespace natlims::gateway
