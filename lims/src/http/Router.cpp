#include "http/Router.h"

#include <Poco/StringTokenizer.h>

namespace natlims::lims {

namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::add(std::string method, std::string pattern, RoleMask roles, Handler handler, bool streamBody) {
  Route r;
  r.method = std::move(method);
  r.segments = split(pattern);
  r.pattern = std::move(pattern);
  r.roles = roles;
  r.handler = std::move(handler);
  r.streamBody = streamBody;
  _routes.push_back(std::move(r));
}

const Route* Router::match(const std::string& method, const std::string& path, std::vector<std::string>& params,
                           bool& pathKnown) const {
  pathKnown = false;
  const auto segments = split(path);
  for (const Route& r : _routes) {
    if (r.segments.size() != segments.size()) continue;
    std::vector<std::string> captured;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const std::string& p = r.segments[i];
      if (!p.empty() && p.front() == '{') {
        if (segments[i].empty()) ok = false;
        else captured.push_back(segments[i]);
      } else if (p != segments[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    pathKnown = true;
    if (r.method != method) continue;
    params = std::move(captured);
    return &r;
  }
  return nullptr;
}

}  // namespace natlims::lims
