#include "natlims/instruments/KitRegistry.h"

#include <algorithm>
#include <filesystem>

namespace natlims::instruments {

KitRegistry::KitRegistry(std::vector<Kit> kits) : _kits(std::move(kits)) {}

KitRegistry KitRegistry::loadDirectory(const std::string& directory) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  if (ec) throw KitError(directory + ": cannot list the kit directory: " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::vector<Kit> kits;
  for (const auto& p : paths) {
    Kit kit = loadKitFile(p);
    for (const auto& k : kits) {
      if (k.id == kit.id) throw KitError(p + ": id: '" + kit.id + "' is declared twice");
    }
    kits.push_back(std::move(kit));
  }
  if (kits.empty()) throw KitError(directory + ": no kit files (*.json)");
  return KitRegistry(std::move(kits));
}

const Kit* KitRegistry::find(std::string_view id) const {
  for (const auto& k : _kits) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

}  // namespace natlims::instruments
