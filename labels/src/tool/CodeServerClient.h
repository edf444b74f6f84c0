#pragma once

#include <Poco/URI.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "natlims/domain/CodeScheme.h"

namespace natlims::labels::tool {

/// A failed exchange with the server: the message says what failed and the server's own reason
/// (its error.message and error.field) when it gave one.
class ServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The two calls lims-labels makes to lims-server, over its HTTP API only:
/// POST /api/v1/session {"username","password"} -> 201 {"token",...} and
/// POST /api/v1/tube-codes (or box-codes) {"count"} with the bearer token -> 201 {"codes":[...]}.
class CodeServerClient {
 public:
  /// `url` is http://HOST[:PORT][/PREFIX] or https://...; throws ServerError when it is not.
  explicit CodeServerClient(const std::string& url, int timeoutSeconds = 30);

  /// Opens a session; throws ServerError (with the server's reason) when it is refused.
  void login(const std::string& user, const std::string& password);

  /// `count` fresh codes of `kind`, each checked with validateCode for that kind; throws
  /// ServerError when the server refuses or answers with anything but `count` valid, distinct codes.
  std::vector<std::string> allocate(domain::CodeKind kind, int count);

 private:
  std::string post(const std::string& path, const std::string& body, int expectedStatus, const std::string& what);

  Poco::URI _base;
  int _timeoutSeconds;
  std::string _token;
};

}  // namespace natlims::labels::tool
