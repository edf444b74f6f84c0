#include "natlims/planner/ScheduleCsv.h"

#include <cstdio>
#include <string>

#include "natlims/planner/TimeFormat.h"

namespace natlims::planner {

namespace {

// RFC 4180: quote fields holding a comma, quote or line break.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string num(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

void ScheduleCsv::write(const Plan& plan, std::ostream& out) {
  const Scenario& s = plan.scenario;
  const OffsetTime start{s.startUnixSeconds, s.offsetMinutes};
  const auto groupName = [&](int g) {
    return g < static_cast<int>(s.priorityGroups.size()) ? s.priorityGroups[static_cast<std::size_t>(g)].name
                                                         : std::string("everyone");
  };
  out << "kind,site,grid_unit,group,lab,start,end,start_hours,end_hours,people,tubes,pool_size,plates,utilization\r\n";
  for (const auto& slot : plan.slots) {
    const Site& site = s.sites[static_cast<std::size_t>(slot.site)];
    out << "slot," << field(site.id) << ',' << field(s.gridUnits[static_cast<std::size_t>(slot.gridUnit)].path) << ','
        << field(groupName(slot.group)) << ',' << field(site.lab) << ',' << TimeFormat::after(start, slot.start) << ','
        << TimeFormat::after(start, slot.end) << ',' << num(slot.start / 60, 3) << ',' << num(slot.end / 60, 3) << ','
        << slot.people << ',' << slot.tubes << ',' << slot.poolSize << ",,\r\n";
  }
  for (const auto& p : plan.pickups) {
    const Site& site = s.sites[static_cast<std::size_t>(p.site)];
    out << "pickup," << field(site.id) << ",,," << field(site.lab) << ',' << TimeFormat::after(start, p.at) << ','
        << TimeFormat::after(start, p.arrivesAt) << ',' << num(p.at / 60, 3) << ',' << num(p.arrivesAt / 60, 3) << ",,"
        << p.tubes << ",,,\r\n";
  }
  for (const auto& h : plan.labHours) {
    const double a = 60.0 * h.hour, b = a + 60.0;
    out << "lab,,,," << field(s.labs[static_cast<std::size_t>(h.lab)].id) << ',' << TimeFormat::after(start, a) << ','
        << TimeFormat::after(start, b) << ',' << num(a / 60, 3) << ',' << num(b / 60, 3) << ",," << num(h.tubes, 0)
        << ",," << h.plates << ',' << num(h.utilization, 3) << "\r\n";
  }
}

}  // namespace natlims::planner
