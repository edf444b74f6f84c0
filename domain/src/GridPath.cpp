#include "natlims/domain/GridPath.h"

#include "natlims/domain/Utf8.h"

namespace natlims::domain {

GridPathCheck validateGridPath(std::string_view path) {
  GridPathCheck r;
  path = trimBlanks(path);
  if (path.empty()) { r.error = "is empty"; return r; }
  if (!isValidUtf8(path)) { r.error = "is not valid UTF-8"; return r; }
  if (hasControlCharacter(path)) { r.error = "contains control characters"; return r; }
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    const std::string_view level =
        trimBlanks(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (level.empty()) { r.error = "has an empty level"; return r; }
    if (level.size() > 64) { r.error = "has a level longer than 64 bytes"; return r; }
    r.levels.emplace_back(level);
    if (r.levels.size() > kMaxGridLevels) {
      r.error = "has more than " + std::to_string(kMaxGridLevels) + " levels";
      return r;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (const auto& level : r.levels) {
    if (!r.normalized.empty()) r.normalized.push_back('/');
    r.normalized += level;
  }
  r.ok = true;
  return r;
}

bool gridPathUnder(std::string_view path, std::string_view prefix) {
  if (prefix.empty()) return true;
  if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

}  // namespace natlims::domain
