#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "natlims/instruments/Kit.h"

namespace natlims::instruments {

/// The kits of a lab, loaded once from config/kits/ (one *.json file per kit).
class KitRegistry {
 public:
  /// The kit used when a plate names none.
  static constexpr std::string_view kDefaultKitId = "daan-orf1ab-n";

  KitRegistry() = default;
  explicit KitRegistry(std::vector<Kit> kits);

  /// Loads every *.json file of `directory`. Throws KitError naming the file and field when any
  /// kit is invalid or two files declare one id: a lab must not run on a half-read kit set.
  static KitRegistry loadDirectory(const std::string& directory);

  /// The kit with that id, or nullptr.
  const Kit* find(std::string_view id) const;
  const std::vector<Kit>& kits() const { return _kits; }

 private:
  std::vector<Kit> _kits;
};

}  // namespace natlims::instruments
