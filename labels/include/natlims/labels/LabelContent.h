#pragma once

#include <string>

namespace natlims::labels {

/// What one label shows. Checked when the label is rendered (ContentError names the field):
/// - code: a tube, box or courier code accepted by natlims::domain::validateCode (normalised
///   before printing, so "t3k7-9qw-4xa" prints as T3K79QW4XA);
/// - campaign: the campaign's short name, UTF-8, may be empty; it must fit its line at the
///   layout's smallest text size and every character must exist in the label font;
/// - poolSize: people per tube, 0 = not printed, 1..99 printed as "10合1" / "10-in-1" (1 as
///   "单管" / "single");
/// - date: "YYYY-MM-DD" or empty.
struct LabelContent {
  std::string code;
  std::string campaign;
  int poolSize = 0;
  std::string date;
};

}  // namespace natlims::labels
