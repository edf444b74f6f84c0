// Repeat-testing protocols for key groups: enrol, and who is due or overdue.
#include <chrono>

#include "api/Params.h"
#include "api/Routes.h"
#include "http/JsonBody.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/domain/Masking.h"
#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"
#include "natlims/reporting/RepeatProtocol.h"
#include "natlims/reporting/ReportError.h"

namespace natlims::lims {

namespace {

ApiResponse list(ServerContext&, ApiRequest&) {
  JsonWriter w;
  w.beginObject().key("protocols").beginArray();
  for (const auto& p : reporting::repeatProtocols())
    w.beginObject().member("id", p.id).member("name", p.name).member("description", p.description).endObject();
  w.endArray().endObject();
  return ApiResponse::json(200, w.take());
}

ApiResponse enrol(ServerContext& ctx, ApiRequest& req) {
  const auto body = JsonBody::parse(req.body);
  const std::string protocolId = body.requireString("protocol", 32);
  const auto* protocol = reporting::findRepeatProtocol(protocolId);
  if (!protocol) throw ApiError::invalid("protocol", "unknown protocol (GET /api/v1/protocols lists them)");
  const auto type = domain::parseIdType(body.requireString("id_type", 64));
  if (!type) throw ApiError::invalid("id_type", "id_type is not a supported document type");
  PersonRow person;
  person.idType = static_cast<int>(*type);
  person.nationality = body.optionalString("nationality", 8).value_or("CHN");
  const auto id = domain::validateIdDocument(*type, body.requireString("id_number", 64), person.nationality);
  if (!id.ok) throw ApiError::invalid("id_number", "id_number " + id.error);
  person.idNumber = id.normalized;
  person.name = std::string(domain::trimBlanks(body.requireString("name", 400)));
  if (const auto why = domain::checkPersonName(person.name); !why.empty()) throw ApiError::invalid("name", "name " + why);
  person.phone = body.optionalString("phone", 20).value_or("");
  const std::string startText = body.requireString("start", 16);
  const auto start = parseLocalDate(startText);
  if (!start) throw ApiError::invalid("start", "start must be YYYY-MM-DD (protocol day 1)");
  const std::string endText = body.optionalString("end", 16).value_or("");
  std::optional<std::chrono::year_month_day> end;
  if (!endText.empty()) {
    end = parseLocalDate(endText);
    if (!end) throw ApiError::invalid("end", "end must be YYYY-MM-DD");
  }
  std::vector<reporting::DueTest> tests;
  try {
    tests = reporting::dueTests(*protocol, *start, end);
  } catch (const reporting::ReportError& e) {
    throw ApiError::invalid(e.field(), e.what());
  }
  const auto enrolmentId = ctx.store.enrol(person, protocolId, startText, endText, req.actor());
  JsonWriter w;
  w.beginObject().member("id", enrolmentId).member("protocol", protocolId).key("tests").beginArray();
  for (const auto& t : tests)
    w.beginObject()
        .member("sequence", t.sequence)
        .member("day", t.day)
        .member("label", t.label)
        .member("earliest", formatLocalDate(t.earliest))
        .member("latest", formatLocalDate(t.latest))
        .endObject();
  w.endArray().endObject();
  return ApiResponse::json(201, w.take());
}

ApiResponse due(ServerContext& ctx, ApiRequest& req) {
  const int offset = ctx.config.utcOffsetMinutes;
  auto today = localDate(req.now, offset);
  if (auto q = req.query("date")) {
    const auto d = parseLocalDate(*q);
    if (!d) throw ApiError::invalid("date", "date must be YYYY-MM-DD");
    today = *d;
  }
  JsonWriter w;
  w.beginObject().member("date", formatLocalDate(today)).key("tests").beginArray();
  for (const auto& e : ctx.store.enrolments()) {
    const auto* protocol = reporting::findRepeatProtocol(e.protocol);
    const auto start = parseLocalDate(e.startDate);
    if (!protocol || !start) continue;
    const auto tests = reporting::dueTests(*protocol, *start, e.endDate.empty() ? std::nullopt : parseLocalDate(e.endDate));
    for (const auto& s : reporting::classifyTests(tests, e.sampledAt, today, offset)) {
      if (s.status != reporting::TestStatus::Due && s.status != reporting::TestStatus::Overdue) continue;
      // Lists show masked identities; the station scans the person's own card to register them.
      w.beginObject()
          .member("enrolment", e.id)
          .member("protocol", e.protocol)
          .member("id_type", std::string(domain::idTypeName(static_cast<domain::IdType>(e.idType))))
          .member("id_number", domain::maskIdNumber(e.idNumber))
          .member("name", domain::maskName(e.name))
          .member("test", s.test.label)
          .member("earliest", formatLocalDate(s.test.earliest))
          .member("latest", formatLocalDate(s.test.latest))
          .member("status", std::string(reporting::testStatusName(s.status)))
          .member("tube", "single")
          .endObject();
    }
  }
  w.endArray().endObject();
  return ApiResponse::json(200, w.take());
}

}  // namespace

void addProtocolRoutes(Router& router, ServerContext& ctx) {
  router.add("GET", "/api/v1/protocols", kAnyRole, [&ctx](ApiRequest& r) { return list(ctx, r); });
  router.add("POST", "/api/v1/protocols/enrolments", kCoordinators, [&ctx](ApiRequest& r) { return enrol(ctx, r); });
  router.add("GET", "/api/v1/protocols/due", kCoordinators | kSamplers, [&ctx](ApiRequest& r) { return due(ctx, r); });
}

}  // namespace natlims::lims
