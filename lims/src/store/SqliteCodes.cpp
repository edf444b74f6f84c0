// Code allocation: the server is the only allocator, so a code is valid only once it is a row.
#include <Poco/RandomStream.h>

#include "natlims/lims/ApiError.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

namespace {

// 31^8 payloads per kind.
constexpr std::uint64_t kPayloadSpace = 852891037441ULL;

// Codes are drawn at random from the whole space rather than counted up: a code that is
// misread into another valid-looking code is then very unlikely to name an issued tube.
std::uint64_t randomPayload(Poco::RandomInputStream& random) {
  std::uint64_t v = 0;
  random.read(reinterpret_cast<char*>(&v), sizeof v);
  return v % kPayloadSpace;
}

}  // namespace

std::vector<std::string> SqliteStore::allocateCodes(domain::CodeKind kind, int count, const Actor& actor) {
  const char* table = kind == domain::CodeKind::Box ? "boxes" : "tubes";
  if (kind == domain::CodeKind::Courier) throw ApiError::invalid("kind", "courier codes are not allocated here");
  return _writer->call([&](WriteContext& ctx) {
    auto& insert =
        ctx.db().stmt(std::string("INSERT OR IGNORE INTO ") + table + "(code, allocated_at) VALUES(?, ?)");
    Poco::RandomInputStream random;
    std::vector<std::string> codes;
    codes.reserve(static_cast<std::size_t>(count));
    while (static_cast<int>(codes.size()) < count) {
      std::string code = domain::makeCodeFromNumber(kind, randomPayload(random));
      insert.bind(1, code).bind(2, actor.at).run();
      if (ctx.db().db().changes() == 1) codes.push_back(std::move(code));
    }
    audit(actor, std::string(domain::codeKindName(kind)) + "_codes.allocate", table,
          "count=" + std::to_string(count));
    return codes;
  });
}

}  // namespace natlims::lims
