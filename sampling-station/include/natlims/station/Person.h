#pragma once

#include <string>

#include "natlims/domain/IdDocument.h"

namespace natlims::station {

/// A person as the station registers them: from a scanned ID number (name optional: the server
/// takes it from the register) or from a verified pre-registration code.
struct Person {
  domain::IdType idType = domain::IdType::ResidentId;
  std::string idNumber;            // normalized (validateIdDocument)
  std::string nationality = "CHN"; // ISO 3166 alpha-3
  std::string name;                // may be empty
  std::string phone;               // may be empty
  bool preRegistered = false;      // came from a verified pre-registration code

  /// The key a person is known by in a campaign: "type|nationality|number". Personal data:
  /// never shown or logged.
  std::string key() const;
  /// The masked number and name for the screen ("1101**********002X 张*").
  std::string maskedLabel() const;
};

}  // namespace natlims::station
