#pragma once

#include "http/JsonWriter.h"
#include "http/Router.h"
#include "http/ServerContext.h"

namespace natlims::lims {

/// The whole routing table of lims-server.
Router buildRouter(ServerContext& context);

// Each area adds its routes (one file each).
void addHealthRoutes(Router& router, ServerContext& context);
void addSessionRoutes(Router& router, ServerContext& context);
void addCampaignRoutes(Router& router, ServerContext& context);
void addPopulationRoutes(Router& router, ServerContext& context);
void addCodeRoutes(Router& router, ServerContext& context);
void addRegistrationRoutes(Router& router, ServerContext& context);
void addBoxRoutes(Router& router, ServerContext& context);
void addPreRegistrationRoutes(Router& router, ServerContext& context);
void addLabRoutes(Router& router, ServerContext& context);
void addResultRoutes(Router& router, ServerContext& context);

/// Role sets used by several route tables.
constexpr RoleMask kCoordinators = roleBit(Role::Admin) | roleBit(Role::Coordinator);
constexpr RoleMask kSamplers = roleBit(Role::Sampler);
constexpr RoleMask kFieldStaff = roleBit(Role::Sampler) | roleBit(Role::Coordinator) | roleBit(Role::Admin);

void writeTube(JsonWriter& w, const TubeView& tube);
void writeCampaign(JsonWriter& w, const CampaignRecord& c, int offset);
void writeProgress(JsonWriter& w, const CampaignRecord& c, const CampaignProgress& p, Millis now, int offset);
std::optional<Millis> projectedCompletion(const CampaignProgress& p, Millis now);
/// The campaign named by a path parameter, or 404 unknown_campaign.
CampaignRecord campaignParam(ServerContext& ctx, const std::string& param);
void addTrackingRoutes(Router& router, ServerContext& context);
void addReportRoutes(Router& router, ServerContext& context);
void addProtocolRoutes(Router& router, ServerContext& context);
void addWebRoutes(Router& router, ServerContext& context);

}  // namespace natlims::lims
