#include "natlims/reporting/Loinc.h"

namespace natlims::reporting {

// LOINC's check digit is the Luhn (mod 10) digit of the code's number: from the right, every
// other digit starting with the last is doubled (its digits summed), and the check digit brings
// the total to a multiple of ten.
bool isValidLoinc(std::string_view code) {
  const auto dash = code.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash > 7 || dash + 2 != code.size()) return false;
  const std::string_view number = code.substr(0, dash);
  const char check = code[dash + 1];
  if (check < '0' || check > '9') return false;
  int sum = 0;
  bool doubled = true;
  for (auto it = number.rbegin(); it != number.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return (10 - sum % 10) % 10 == check - '0';
}

}  // namespace natlims::reporting
