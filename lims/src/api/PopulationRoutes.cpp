// The population register, uploaded as CSV and streamed: rows are validated as they arrive and
// stored in batches, so an upload of millions of rows never sits in memory.
#include <array>
#include <istream>

#include "api/Csv.h"
#include "api/Routes.h"
#include "natlims/domain/GridPath.h"
#include "natlims/domain/IdDocument.h"
#include "natlims/domain/Utf8.h"
#include "natlims/lims/ApiError.h"

namespace natlims::lims {

namespace {

constexpr std::size_t kBatchRows = 5000;
constexpr std::size_t kMaxReportedRejections = 1000;
constexpr std::size_t kMaxLineBytes = 4096;

enum Column { kIdType, kIdNumber, kName, kPhone, kGridUnit, kNationality, kColumnCount };
constexpr std::array<const char*, kColumnCount> kColumnNames{"id_type", "id_number", "name", "phone", "grid_unit",
                                                             "nationality"};

struct Rejection {
  std::int64_t line;
  std::string error;
};

// Column positions from the header; nationality is optional.
std::array<int, kColumnCount> readHeader(const std::vector<std::string>& header) {
  std::array<int, kColumnCount> at;
  at.fill(-1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string name(domain::trimBlanks(header[i]));
    for (int c = 0; c < kColumnCount; ++c)
      if (name == kColumnNames[c]) at[c] = static_cast<int>(i);
  }
  for (int c = 0; c < kNationality; ++c)
    if (at[c] < 0)
      throw ApiError::invalid("csv", std::string("the header must name the columns id_type,id_number,name,phone,grid_unit (missing ") +
                                         kColumnNames[c] + ")");
  return at;
}

// Validates one row; returns the reason when it is refused. Messages never echo the values.
std::string validateRow(const std::vector<std::string>& f, const std::array<int, kColumnCount>& at, PersonRow& row) {
  const auto field = [&](Column c) -> std::string_view {
    const int i = at[c];
    return i >= 0 && static_cast<std::size_t>(i) < f.size() ? domain::trimBlanks(f[static_cast<std::size_t>(i)]) : "";
  };
  if (f.size() < static_cast<std::size_t>(*std::max_element(at.begin(), at.begin() + kNationality) + 1))
    return "has fewer columns than the header";
  const auto type = domain::parseIdType(std::string(field(kIdType)));
  if (!type) return "id_type: unknown document type";
  const std::string nationality = field(kNationality).empty() ? "CHN" : std::string(field(kNationality));
  const auto id = domain::validateIdDocument(*type, field(kIdNumber), nationality);
  if (!id.ok) return "id_number: " + id.error;
  if (const auto why = domain::checkPersonName(field(kName)); !why.empty()) return "name: " + why;
  const std::string_view phone = field(kPhone);
  if (phone.size() > 20 || phone.find_first_not_of("+-0123456789 ") != std::string_view::npos)
    return "phone: must be up to 20 digits, '+', '-' or blanks";
  const auto grid = domain::validateGridPath(field(kGridUnit));
  if (!grid.ok) return "grid_unit: " + grid.error;
  row.idType = static_cast<int>(*type);
  row.idNumber = id.normalized;
  row.nationality = nationality;
  for (char& c : row.nationality)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  row.name = std::string(field(kName));
  row.phone = std::string(phone);
  row.gridPath = grid.normalized;
  return {};
}

ApiResponse importCsv(ServerContext& ctx, ApiRequest& req) {
  auto& in = *req.stream;
  if (req.http.hasContentLength() && req.http.getContentLength64() > ctx.config.maxCsvBytes)
    throw ApiError(413, "too_large", "the CSV is larger than server.max_csv_bytes");
  std::string line;
  std::vector<std::string> fields;
  std::array<int, kColumnCount> at{};
  std::vector<PersonRow> batch;
  batch.reserve(kBatchRows);
  std::vector<Rejection> rejected;
  std::int64_t rejectedTotal = 0, lineNo = 0, bytes = 0;
  ImportCounts total;
  const Actor actor = req.actor();
  const auto flush = [&] {
    if (batch.empty()) return;
    const auto c = ctx.store.importPopulation(batch, actor);
    total.imported += c.imported;
    total.updated += c.updated;
    batch.clear();
  };
  bool haveHeader = false;
  while (std::getline(in, line)) {
    ++lineNo;
    bytes += static_cast<std::int64_t>(line.size()) + 1;
    if (bytes > ctx.config.maxCsvBytes) throw ApiError(413, "too_large", "the CSV is larger than server.max_csv_bytes");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (lineNo == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (line.empty()) continue;
    const auto reject = [&](std::string why) {
      ++rejectedTotal;
      if (rejected.size() < kMaxReportedRejections) rejected.push_back({lineNo, std::move(why)});
    };
    if (line.size() > kMaxLineBytes) {
      if (!haveHeader) throw ApiError::invalid("csv", "the header line is too long");
      reject("line is longer than " + std::to_string(kMaxLineBytes) + " bytes");
      continue;
    }
    if (!splitCsvLine(line, fields)) {
      if (!haveHeader) throw ApiError::invalid("csv", "the header line has an unterminated quote");
      reject("unterminated quote");
      continue;
    }
    if (!haveHeader) {
      at = readHeader(fields);
      haveHeader = true;
      continue;
    }
    PersonRow row;
    if (auto why = validateRow(fields, at, row); !why.empty()) {
      reject(std::move(why));
      continue;
    }
    batch.push_back(std::move(row));
    if (batch.size() >= kBatchRows) flush();
  }
  if (!haveHeader) throw ApiError::invalid("csv", "the body is empty: expected a header id_type,id_number,name,phone,grid_unit");
  flush();
  JsonWriter w;
  w.beginObject().member("imported", total.imported).member("updated", total.updated);
  w.member("rejected_total", rejectedTotal).key("rejected").beginArray();
  for (const auto& r : rejected) w.beginObject().member("line", r.line).member("error", r.error).endObject();
  w.endArray().endObject();
  return ApiResponse::json(200, w.take());
}

}  // namespace

void addPopulationRoutes(Router& router, ServerContext& ctx) {
  router.add("POST", "/api/v1/population", kCoordinators, [&ctx](ApiRequest& r) { return importCsv(ctx, r); },
             /*streamBody*/ true);
}

}  // namespace natlims::lims
