// The lab: receive boxes, lay out plates, download instrument setup files and plate maps,
// import runs exactly as instruments export them, release results.
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

#include "api/Params.h"
#include "api/Routes.h"
#include "auth/Passwords.h"
#include "http/JsonBody.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/instruments/Interpretation.h"
#include "natlims/instruments/PlateCheck.h"
#include "natlims/instruments/PlateLayout.h"
#include "natlims/instruments/PlateMapSvg.h"
#include "natlims/instruments/RunReader.h"
#include "natlims/instruments/SampleSetup.h"
#include "natlims/lims/ApiError.h"
#include "outbox/OutboxWorker.h"

namespace natlims::lims {

namespace {

namespace inst = natlims::instruments;

constexpr RoleMask kLab = roleBit(Role::LabTech) | roleBit(Role::LabReviewer) | roleBit(Role::Admin);
constexpr std::size_t kMaxRunFileBytes = 32u << 20;

ApiResponse receive(ServerContext& ctx, ApiRequest& req) {
  const std::string code = codeParam(req.params.at(0), domain::CodeKind::Box, "code");
  const auto body = JsonBody::parse(req.body);
  std::vector<std::string> scanned;
  for (const auto& t : body.requireStringArray("tubes", 4000)) scanned.push_back(codeParam(t, domain::CodeKind::Tube, "tubes"));
  std::optional<double> temperature;
  if (body.has("temperature_c")) {
    const auto v = body.object().get("temperature_c");
    if (!v.isNumeric()) throw ApiError::invalid("temperature_c", "temperature_c must be a number (degrees Celsius)");
    temperature = v.convert<double>();
    if (*temperature < -80 || *temperature > 80) throw ApiError::invalid("temperature_c", "temperature_c is not plausible");
  }
  const auto r = ctx.store.receiveBox(code, scanned, temperature, ctx.config.maxTransitMinutes, req.actor());
  JsonWriter w;
  const auto list = [&w](const char* name, const std::vector<std::string>& items) {
    w.key(name).beginArray();
    for (const auto& i : items) w.value(i);
    w.endArray();
  };
  w.beginObject().member("box", r.box).member("received", static_cast<std::int64_t>(r.received.size()));
  list("missing", r.missing);
  list("unexpected", r.unexpected);
  if (r.transitMinutes) w.member("transit_minutes", *r.transitMinutes);
  if (r.temperatureC) w.member("temperature_c", *r.temperatureC);
  list("flags", r.flags);
  w.endObject();
  return ApiResponse::json(200, w.take());
}

inst::PlateLayout toLayout(const PlateRecord& p) {
  inst::PlateLayout layout;
  layout.plateId = std::to_string(p.id);
  layout.kitId = p.kitId;
  layout.kitVersion = p.kitVersion;
  layout.format = inst::plateFormatForWells(p.wells).value_or(inst::PlateFormat{});
  for (const auto& w : p.layout) {
    inst::PlateWell pw;
    pw.position = {w.row, w.col};
    pw.kind = w.kind == "positive_control" ? inst::SampleKind::PositiveControl
              : w.kind == "negative_control" ? inst::SampleKind::NegativeControl
                                             : inst::SampleKind::Sample;
    pw.name = w.name;
    layout.wells.push_back(pw);
  }
  return layout;
}

ApiResponse plateJson(int status, const PlateRecord& p) {
  JsonWriter w;
  w.beginObject().member("id", p.id).member("kit", p.kitId).member("kit_version", p.kitVersion);
  w.member("plate_wells", p.wells).member("state", p.state).key("wells").beginArray();
  for (const auto& well : p.layout) {
    w.beginObject().member("well", well.well).member("kind", well.kind);
    if (well.kind == "sample") w.member("tube", well.name);
    else w.member("name", well.name);
    w.endObject();
  }
  w.endArray().endObject();
  return ApiResponse::json(status, w.take());
}

const inst::Kit& kitOrRefuse(ServerContext& ctx, const std::string& id) {
  const inst::Kit* kit = ctx.kits.find(id);
  if (!kit) throw ApiError::invalid("kit", "unknown kit '" + id + "'");
  return *kit;
}

ApiResponse createPlate(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  std::vector<std::string> tubes;
  for (const auto& t : body.requireStringArray("tubes", 384)) tubes.push_back(codeParam(t, domain::CodeKind::Tube, "tubes"));
  const std::string kitId = body.optionalString("kit", 64).value_or(std::string(inst::KitRegistry::kDefaultKitId));
  const inst::Kit& kit = kitOrRefuse(ctx, kitId);
  const int wells = static_cast<int>(body.optionalInt("wells", 96, 384).value_or(96));
  const auto laid = inst::layoutPlate(tubes, kit, wells);
  if (!laid.ok()) throw ApiError::invalid(laid.field.empty() ? "tubes" : laid.field, laid.message);
  PlateRecord p;
  p.kitId = kit.id;
  p.kitVersion = kit.version;
  p.wells = wells;
  for (const auto& w : laid.plate->wells)
    p.layout.push_back({inst::wellLabel(w.position), w.position.row, w.position.column,
                        std::string(inst::sampleKindName(w.kind)), w.name});
  return plateJson(201, ctx.store.createPlate(p, req.actor()));
}

PlateRecord plateParam(ServerContext& ctx, const std::string& text) {
  auto p = ctx.store.findPlate(idParam(text, "unknown_plate", "plate"));
  if (!p) throw ApiError::notFound("unknown_plate", "no plate with this id");
  return *p;
}

ApiResponse queue(ServerContext& ctx, ApiRequest& req) {
  int limit = 384;
  if (auto q = req.query("limit")) {
    try {
      limit = std::clamp(std::stoi(*q), 1, 5000);
    } catch (...) {
      throw ApiError::invalid("limit", "limit must be a number");
    }
  }
  JsonWriter w;
  w.beginObject().key("tubes").beginArray();
  for (const auto& [tube, priority] : ctx.store.labQueue(limit))
    w.beginObject().member("tube", tube).member("priority", priority).endObject();
  w.endArray().endObject();
  return ApiResponse::json(200, w.take());
}

ApiResponse getPlate(ServerContext& ctx, ApiRequest& req) { return plateJson(200, plateParam(ctx, req.params.at(0))); }

ApiResponse setupFile(ServerContext& ctx, ApiRequest& req) {
  const PlateRecord p = plateParam(ctx, req.params.at(0));
  const auto format = inst::parseSetupFormat(req.query("instrument").value_or(""));
  if (!format)
    throw ApiError::invalid("instrument", "instrument must be one of " + std::string(inst::setupFormatNames()));
  try {
    const auto file = inst::writeSampleSetup(toLayout(p), kitOrRefuse(ctx, p.kitId), *format);
    ApiResponse r{200, file.contentType, file.bytes, {}};
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.fileName + "\"");
    return r;
  } catch (const std::invalid_argument& e) {
    throw ApiError::invalid("instrument", e.what());
  }
}

ApiResponse plateMap(ServerContext& ctx, ApiRequest& req) {
  const PlateRecord p = plateParam(ctx, req.params.at(0));
  return {200, "image/svg+xml", inst::renderPlateMapSvg(toLayout(p), kitOrRefuse(ctx, p.kitId), {}), {}};
}

ApiResponse runJson(int status, const StoredRun& run) {
  JsonWriter w;
  w.beginObject().member("id", run.id).member("plate", run.plateId).member("valid", run.plateValid);
  w.member("kit", run.kitId).member("kit_version", run.kitVersion).member("released", run.releasedAt != 0);
  w.key("problems").beginArray();
  for (const auto& p : run.problems) w.value(p);
  w.endArray().key("tubes").beginArray();
  for (const auto& t : run.tubes) {
    w.beginObject().member("tube", t.tube).member("well", t.well).member("result", t.result);
    w.key("ct");
    w.raw(t.ctJson);
    if (!t.reason.empty()) w.member("reason", t.reason);
    w.endObject();
  }
  w.endArray().endObject();
  return ApiResponse::json(status, w.take());
}

std::string ctJson(const inst::WellResult& r) {
  JsonWriter w;
  w.beginObject();
  for (const auto& t : r.targets) {
    w.key(t.target);
    if (t.ct.hasValue()) w.value(t.ct.value);
    else w.value(std::string(inst::ctStateName(t.ct.state)));
  }
  w.endObject();
  return w.take();
}

ApiResponse importRun(ServerContext& ctx, ApiRequest& req) {
  auto loaded = inst::loadStream(*req.stream, "upload", kMaxRunFileBytes);
  if (!loaded.ok())
    throw ApiError(loaded.error.kind == inst::ReadErrorKind::TooLarge ? 413 : 422,
                   std::string(inst::readErrorCode(loaded.error.kind)), loaded.error.message, "file");
  const std::string sha = sha256(loaded.file->bytes);
  std::optional<std::int64_t> plateId;
  if (auto q = req.query("plate")) plateId = idParam(*q, "unknown_plate", "plate");
  if (auto earlier = ctx.store.findRunBySha(sha)) {
    if (plateId && *plateId != earlier->plateId)
      throw ApiError::conflict("run_other_plate", "this file was imported before for plate " + std::to_string(earlier->plateId), "plate");
    return runJson(200, *earlier);
  }
  inst::ReadOptions readOptions;
  readOptions.maxBytes = kMaxRunFileBytes;
  readOptions.tableMappings = ctx.tableMappings;
  const auto read = inst::readRun(*loaded.file, readOptions);
  if (!read.ok()) throw ApiError(422, std::string(inst::readErrorCode(read.error.kind)), read.error.message, "file");
  const inst::RunData& run = *read.run;
  if (!plateId) {
    // No plate named: the plate of the first tube code among the sample names.
    for (const auto& w : run.wells) {
      const auto check = domain::validateCode(w.sample, domain::CodeKind::Tube);
      if (check.ok) {
        plateId = ctx.store.plateOfTube(check.code);
        if (plateId) break;
      }
    }
    if (!plateId) throw ApiError::invalid("plate", "name the plate (?plate=ID): no sample of this file is a tube on a plate");
  }
  const PlateRecord plate = plateParam(ctx, std::to_string(*plateId));
  const inst::Kit& kit = kitOrRefuse(ctx, plate.kitId);
  const auto layout = toLayout(plate);
  inst::CheckOptions options;
  options.kit = &kit;
  const auto check = inst::checkRun(
      layout, run,
      [&](const std::string& tube) -> std::optional<std::string> {
        const auto canonicalTube = domain::validateCode(tube, domain::CodeKind::Tube);
        if (!canonicalTube.ok) return std::nullopt;
        auto p = ctx.store.plateOfTube(canonicalTube.code);
        return p ? std::optional(std::to_string(*p)) : std::nullopt;
      },
      options);
  if (!check.ok()) {
    // Every problem is listed; the file is refused whole and nothing is stored.
    std::string message = std::to_string(check.problems.size()) + " problem(s) with this file for plate " +
                          std::to_string(plate.id) + ": ";
    for (std::size_t i = 0; i < check.problems.size() && i < 20; ++i)
      message += (i ? "; " : "") + check.problems[i].message;
    throw ApiError(422, "run_does_not_match_plate", message, "file");
  }
  const auto interpretation = inst::interpretRun(run, kit, layout.assignments());
  NewRun stored;
  stored.plateId = plate.id;
  stored.sha256 = sha;
  stored.format = run.format;
  stored.instrument = run.instrument;
  stored.runRef = run.runId;
  stored.kitId = interpretation.kitId;
  stored.kitVersion = interpretation.kitVersion;
  stored.plateValid = interpretation.plateValid;
  stored.problems = interpretation.plateProblems;
  for (const auto& t : interpretation.tubes)
    stored.tubes.push_back({t.name, t.well, std::string(inst::tubeCallName(t.result)), ctJson(t), t.reason});
  stored.fileBytes = std::move(loaded.file->bytes);
  const auto result = ctx.store.storeRun(stored, req.actor());
  return runJson(result.replayed ? 200 : 201, result);
}

ApiResponse getRun(ServerContext& ctx, ApiRequest& req) {
  auto run = ctx.store.findRun(idParam(req.params.at(0), "unknown_run", "run"));
  if (!run) throw ApiError::notFound("unknown_run", "no run with this id");
  return runJson(200, *run);
}

ApiResponse release(ServerContext& ctx, ApiRequest& req) {
  const auto id = idParam(req.params.at(0), "unknown_run", "run");
  const auto run = ctx.store.releaseRun(id, ctx.config.techMayReleaseNegatives, req.actor());
  if (ctx.outbox) ctx.outbox->poke();  // the SLA clock runs from now
  return runJson(200, run);
}

}  // namespace

void addLabRoutes(Router& router, ServerContext& ctx) {
  router.add("POST", "/api/v1/boxes/{code}/receive", kLab, [&ctx](ApiRequest& r) { return receive(ctx, r); });
  router.add("GET", "/api/v1/lab/queue", kLab, [&ctx](ApiRequest& r) { return queue(ctx, r); });
  router.add("POST", "/api/v1/plates", kLab, [&ctx](ApiRequest& r) { return createPlate(ctx, r); });
  router.add("GET", "/api/v1/plates/{id}", kLab, [&ctx](ApiRequest& r) { return getPlate(ctx, r); });
  router.add("GET", "/api/v1/plates/{id}/setup", kLab, [&ctx](ApiRequest& r) { return setupFile(ctx, r); });
  router.add("GET", "/api/v1/plates/{id}/map.svg", kLab, [&ctx](ApiRequest& r) { return plateMap(ctx, r); });
  router.add("POST", "/api/v1/runs", kLab, [&ctx](ApiRequest& r) { return importRun(ctx, r); }, /*streamBody*/ true);
  router.add("GET", "/api/v1/runs/{id}", kLab, [&ctx](ApiRequest& r) { return getRun(ctx, r); });
  router.add("POST", "/api/v1/runs/{id}/release", kLab, [&ctx](ApiRequest& r) { return release(ctx, r); });
}

}  // namespace natlims::lims
