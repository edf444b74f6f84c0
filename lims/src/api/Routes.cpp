#include "api/Routes.h"

namespace natlims::lims {

Router buildRouter(ServerContext& context) {
  Router router;
  addHealthRoutes(router, context);
  addSessionRoutes(router, context);
  addCampaignRoutes(router, context);
  addPopulationRoutes(router, context);
  addCodeRoutes(router, context);
  addRegistrationRoutes(router, context);
  addBoxRoutes(router, context);
  addPreRegistrationRoutes(router, context);
  addLabRoutes(router, context);
  addResultRoutes(router, context);
  addTrackingRoutes(router, context);
  addReportRoutes(router, context);
  addProtocolRoutes(router, context);
  addWebRoutes(router, context);
  return router;
}

void writeTube(JsonWriter& w, const TubeView& tube) {
  w.beginObject()
      .member("code", tube.code)
      .member("count", tube.count)
      .member("pool_size", tube.poolSize)
      .member("state", tube.state)
      .endObject();
}

}  // namespace natlims::lims
