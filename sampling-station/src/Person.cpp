#include "natlims/station/Person.h"

#include "natlims/domain/Masking.h"

namespace natlims::station {

std::string Person::key() const {
  std::string k(domain::idTypeName(idType));
  k += '|';
  k += nationality;
  k += '|';
  k += idNumber;
  return k;
}

std::string Person::maskedLabel() const {
  std::string out = domain::maskIdNumber(idNumber);
  if (!name.empty()) {
    out += ' ';
    out += domain::maskName(name);
  }
  return out;
}

}  // namespace natlims::station
