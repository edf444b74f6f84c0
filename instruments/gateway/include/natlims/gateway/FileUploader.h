#pragma once

#include <string>

#include "natlims/gateway/LimsClient.h"
#include "natlims/links/StoreOutcome.h"

namespace natlims::gateway {

/// Where the folder watcher sends a complete file.
class FileUploader {
 public:
  virtual ~FileUploader() = default;
  virtual links::StoreOutcome upload(const std::string& bytes, const std::string& fileName) = 0;
};

/// Sends files to POST /api/v1/runs[?plate=ID] as they are.
class ServerFileUploader : public FileUploader {
 public:
  ServerFileUploader(LimsClient& client, std::string plate) : _client(client), _plate(std::move(plate)) {}
  links::StoreOutcome upload(const std::string& bytes, const std::string& fileName) override;

 private:
  LimsClient& _client;
  std::string _plate;
};

}  // namespace natlims::gateway
