#include "app/Kits.h"

#include <string_view>
#include <vector>

#include "app/EmbeddedFile.h"

namespace natlims::lims {

instruments::KitRegistry loadKits(const std::string& directory) {
  if (!directory.empty()) return instruments::KitRegistry::loadDirectory(directory);
  std::vector<instruments::Kit> kits;
  for (const auto& f : natlimsEmbeddedKits()) {
    auto kit = instruments::parseKit(f.content, f.name);
    kits.push_back(std::move(kit));
  }
  return instruments::KitRegistry(std::move(kits));
}

}  // namespace natlims::lims
