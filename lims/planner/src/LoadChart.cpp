#include "natlims/planner/LoadChart.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "TextFormat.h"

namespace natlims::planner {

namespace {

constexpr double kWidth = 1000, kLeft = 80, kRight = 30, kPanel = 200, kGap = 50, kTop = 70;

std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

struct Series {
  std::vector<double> values;
  const char* colour;
  const char* label;
  bool dashed;
};

// One panel: hourly values as steps, a y axis from 0 to the largest value, the hours below.
void panel(std::ostream& out, double top, const std::string& title, const std::vector<Series>& series,
           std::size_t hours, double deadlineHour, double completionHour) {
  const double plotWidth = kWidth - kLeft - kRight;
  double peak = 1;
  for (const auto& s : series)
    for (double v : s.values) peak = std::max(peak, v);
  const auto x = [&](double hour) { return kLeft + plotWidth * hour / static_cast<double>(hours); };
  const auto y = [&](double v) { return top + kPanel - kPanel * v / peak; };
  out << "<text x=\"" << kLeft << "\" y=\"" << fmt(top - 8) << "\" font-size=\"14\" font-weight=\"bold\">"
      << escape(title) << "</text>\n";
  out << "<rect x=\"" << kLeft << "\" y=\"" << top << "\" width=\"" << plotWidth << "\" height=\"" << kPanel
      << "\" fill=\"none\" stroke=\"#999\"/>\n";
  for (int i = 0; i <= 4; ++i) {
    const double v = peak * i / 4;
    out << "<text x=\"" << kLeft - 6 << "\" y=\"" << fmt(y(v) + 4) << "\" font-size=\"10\" text-anchor=\"end\">"
        << escape(countText(v)) << "</text>\n";
  }
  const std::size_t tick = hours > 96 ? 24 : hours > 48 ? 12 : 6;
  for (std::size_t h = 0; h <= hours; h += tick)
    out << "<text x=\"" << fmt(x(static_cast<double>(h))) << "\" y=\"" << fmt(top + kPanel + 14)
        << "\" font-size=\"10\" text-anchor=\"middle\">+" << h << " h</text>\n";
  for (const auto& s : series) {
    out << "<polyline fill=\"none\" stroke=\"" << s.colour << "\" stroke-width=\"1.5\""
        << (s.dashed ? " stroke-dasharray=\"5,3\"" : "") << " points=\"";
    for (std::size_t h = 0; h < s.values.size(); ++h) {
      out << fmt(x(static_cast<double>(h))) << ',' << fmt(y(s.values[h])) << ' ';
      out << fmt(x(static_cast<double>(h + 1))) << ',' << fmt(y(s.values[h])) << ' ';
    }
    out << "\"/>\n";
  }
  // Legends on the title line, clear of the data.
  double legend = kLeft + 110;
  for (const auto& s : series) {
    out << "<line x1=\"" << fmt(legend) << "\" y1=\"" << fmt(top - 12) << "\" x2=\"" << fmt(legend + 20) << "\" y2=\""
        << fmt(top - 12) << "\" stroke=\"" << s.colour << "\" stroke-width=\"2\""
        << (s.dashed ? " stroke-dasharray=\"5,3\"" : "") << "/>\n";
    out << "<text x=\"" << fmt(legend + 24) << "\" y=\"" << fmt(top - 8) << "\" font-size=\"11\">" << escape(s.label)
        << "</text>\n";
    legend += 200;
  }
  for (const auto& [hour, colour] : {std::pair{deadlineHour, "#c00"}, std::pair{completionHour, "#070"}})
    out << "<line x1=\"" << fmt(x(hour)) << "\" y1=\"" << top << "\" x2=\"" << fmt(x(hour)) << "\" y2=\""
        << top + kPanel << "\" stroke=\"" << colour << "\" stroke-width=\"1.5\"/>\n";
}

}  // namespace

void LoadChart::write(const Plan& plan, std::ostream& out) {
  const std::size_t hours = std::max<std::size_t>(1, plan.hours.size());
  Series people{{}, "#1f77b4", "people swabbed per hour", false};
  Series tables{{}, "#1f77b4", "table capacity", true};
  Series delivered{{}, "#ff7f0e", "tubes delivered per hour", false};
  Series tested{{}, "#2ca02c", "tubes tested per hour", false};
  Series instruments{{}, "#2ca02c", "instrument capacity", true};
  for (const auto& h : plan.hours) {
    people.values.push_back(h.samplingPeople);
    tables.values.push_back(h.samplingCapacity);
    delivered.values.push_back(h.tubesDelivered);
    tested.values.push_back(h.labTubes);
    instruments.values.push_back(h.labCapacity);
  }
  const double height = kTop + 3 * (kPanel + kGap) + 10;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << kWidth << ' ' << height << "\" font-family=\"sans-serif\">\n";
  out << "<title>" << escape("Planned load against capacity: " + plan.scenario.name) << "</title>\n";
  out << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
  // The verdict on up to two lines (long remedies), split at a space.
  std::string first = plan.verdict + " (red: deadline, green: completion)", second;
  constexpr std::size_t kLine = 120;
  if (first.size() > kLine) {
    const std::size_t cut = first.rfind(' ', kLine);
    second = first.substr(cut == std::string::npos ? kLine : cut + 1);
    first.resize(cut == std::string::npos ? kLine : cut);
  }
  out << "<text x=\"" << kLeft << "\" y=\"20\" font-size=\"14\">" << escape(first) << "</text>\n";
  if (!second.empty()) out << "<text x=\"" << kLeft << "\" y=\"38\" font-size=\"14\">" << escape(second) << "</text>\n";
  const double deadline = plan.deadlineMinutes / 60.0, completion = plan.completionMinutes / 60.0;
  panel(out, kTop, "Sampling", {people, tables}, hours, deadline, completion);
  panel(out, kTop + kPanel + kGap, "Transport", {delivered}, hours, deadline, completion);
  panel(out, kTop + 2 * (kPanel + kGap), "Labs", {tested, instruments}, hours, deadline, completion);
  out << "</svg>\n";
}

}  // namespace natlims::planner
