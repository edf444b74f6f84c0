#include "RunIdentity.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace natlims::links {

std::string contentRunId(std::string_view bytes) {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return "sha256:" + Poco::DigestEngine::digestToHex(sha.digest()).substr(0, 32);
}

}  // namespace natlims::links
