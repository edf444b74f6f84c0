#include "natlims/gateway/FileUploader.h"

namespace natlims::gateway {

links::StoreOutcome ServerFileUploader::upload(const std::string& bytes, const std::string&) {
  // The server reads the format by content, never by the file's name.
  return _client.uploadFile(bytes, _plate);
}

}  // namespace natlims::gateway
