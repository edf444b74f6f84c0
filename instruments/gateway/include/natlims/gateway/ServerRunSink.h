#pragma once

#include "natlims/gateway/LimsClient.h"
#include "natlims/links/RunSink.h"

namespace natlims::gateway {

/// The links' RunSink of instrument-gateway: each run document goes to POST /api/v1/runs as JSON.
class ServerRunSink : public links::RunSink {
 public:
  explicit ServerRunSink(LimsClient& client) : _client(client) {}
  links::StoreOutcome store(const links::RunDocument& run) override;

 private:
  LimsClient& _client;
};

}  // namespace natlims::gateway
