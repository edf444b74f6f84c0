#pragma once

#include <string_view>
#include <vector>

namespace natlims {

/// A file compiled into the binary by cmake/EmbedFiles.cmake (kits, web pages).
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

}  // namespace natlims

/// Generated: the assay kits of config/kits/ (EmbeddedKits.cpp).
const std::vector<natlims::EmbeddedFile>& natlimsEmbeddedKits();
/// Generated: the web pages of lims/web/ (EmbeddedWeb.cpp).
const std::vector<natlims::EmbeddedFile>& natlimsEmbeddedWeb();
