#pragma once

#include <string>
#include <vector>

#include "http/Api.h"

namespace natlims::lims {

/// One entry of the routing table.
struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/tubes/{code}/close"; also the metrics label
  RoleMask roles = kAnyRole;  // kNoAuth: no token needed
  bool streamBody = false;    // the handler reads the body itself (large uploads)
  Handler handler;
  std::vector<std::string> segments;  // pattern split on '/'
};

/// Routing in one table: method + path pattern -> handler, roles and body policy.
class Router {
 public:
  void add(std::string method, std::string pattern, RoleMask roles, Handler handler, bool streamBody = false);

  /// The route for `method` and `path`, filling `params`; nullptr when none. `pathKnown` tells a
  /// path that exists for another method (405) from an unknown one (404).
  const Route* match(const std::string& method, const std::string& path, std::vector<std::string>& params,
                     bool& pathKnown) const;

 private:
  std::vector<Route> _routes;
};

}  // namespace natlims::lims
