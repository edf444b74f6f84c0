#include "natlims/station/ScreenView.h"

#include <cstdio>

#include "natlims/domain/CodeScheme.h"
#include "natlims/station/BigText.h"
#include "natlims/station/TextWidth.h"

namespace natlims::station {

namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kInverse = "\x1b[7m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kRed = "\x1b[1;31m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kYellow = "\x1b[33m";

class Canvas {
 public:
  Canvas(std::size_t width, std::size_t height, bool color) : _width(width), _rows(height), _color(color) {}

  void put(std::size_t row, std::string_view text, const char* style = nullptr) {
    if (row >= _rows.size()) return;
    const std::string fitted = fitToWidth(text, _width);
    _rows[row] = style && _color ? std::string(style) + fitted + kReset : fitted;
  }
  // Two columns: left part `leftWidth` wide, then the right part.
  void put2(std::size_t row, std::string_view left, std::size_t leftWidth, std::string_view right,
            const char* leftStyle = nullptr) {
    if (row >= _rows.size()) return;
    std::string l = fitToWidth(left, leftWidth);
    if (leftStyle && _color) l = std::string(leftStyle) + l + kReset;
    _rows[row] = l + fitToWidth(right, _width - leftWidth);
  }
  std::vector<std::string> take() {
    for (auto& r : _rows)
      if (r.empty()) r = std::string(_width, ' ');
    return std::move(_rows);
  }
  std::size_t width() const { return _width; }

 private:
  std::size_t _width;
  std::vector<std::string> _rows;
  bool _color;
};

std::string readable(const std::string& code) { return domain::groupCodeForReading(code); }

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

std::vector<std::string> renderScreen(const ScreenView& v, std::size_t width, std::size_t height, bool color) {
  if (width < 80) width = 80;
  if (height < 24) height = 24;
  Canvas c(width, height, color);
  const std::string rule(width, '-');

  std::string title = " natlims sampling station " + v.station + " | operator " + v.operatorName + " | campaign " +
                      v.campaign;
  const std::string right = v.clock + " ";
  const std::size_t tw = displayWidth(title);
  if (tw + displayWidth(right) < width) title += std::string(width - tw - displayWidth(right), ' ') + right;
  c.put(0, title, kInverse);

  if (v.tube) {
    c.put(2, " TUBE " + readable(*v.tube) + "   open, " + std::to_string(v.pool) + "-in-1", kBold);
  } else {
    c.put(2, " NO TUBE OPEN: scan a new tube", kBold);
  }
  const auto big = bigText(v.tube ? std::to_string(v.count) + "/" + std::to_string(v.pool) : std::string());
  std::vector<std::string> side;
  side.push_back("Last person");
  if (v.lastPersonLabel.empty()) {
    side.push_back("  (none yet)");
    side.push_back("");
  } else {
    side.push_back("  " + v.lastPersonLabel);
    side.push_back("  " + (v.lastPersonPosition > 0 ? "#" + std::to_string(v.lastPersonPosition) + " in " : "in ") +
                   readable(v.lastPersonTube) + " at " + v.lastPersonTime);
  }
  if (!v.openBox.empty())
    side.push_back("Packing box " + readable(v.openBox) + ": " + std::to_string(v.openBoxTubes) + " tubes");
  else
    side.push_back("");
  side.push_back(v.boxesAwaitingCourier > 0
                     ? std::to_string(v.boxesAwaitingCourier) + " sealed box(es) await the courier"
                     : "");
  for (std::size_t r = 0; r < kBigTextRows; ++r) c.put2(3 + r, "   " + big[r], 42, side[r], kBold);

  char session[160];
  std::snprintf(session, sizeof session, " Session  %d people   %d tubes closed   %d boxes sealed   %s people/hour",
                v.people, v.tubesClosed, v.boxesSealed, fmt("%.0f", v.peoplePerHour).c_str());
  c.put(9, session);
  std::string sync = std::string(" Sync     ") + (v.online ? "ONLINE " : "OFFLINE") + "   queued " +
                     std::to_string(v.queued) + "   sent " + std::to_string(v.sent) + "   refused " +
                     std::to_string(v.refused);
  if (!v.lastContact.empty()) sync += "   last contact " + v.lastContact;
  c.put(10, sync, v.refused > 0 ? kYellow : nullptr);
  if (!v.syncProblem.empty()) {
    std::string problem = "          " + v.syncProblem;
    if (v.retryInSeconds > 0) problem += " (retry in " + std::to_string(v.retryInSeconds) + " s)";
    c.put(11, problem, kYellow);
  }
  c.put(12, rule);

  const char* msgStyle = v.messageStatus == Outcome::Status::Done      ? kGreen
                         : v.messageStatus == Outcome::Status::Refused ? kRed
                         : v.messageStatus == Outcome::Status::Prompt  ? kYellow
                                                                       : nullptr;
  const auto msgLines = wrapToWidth(v.message, width - 2);
  for (std::size_t i = 0; i < 3 && i < msgLines.size(); ++i) c.put(13 + i, " " + msgLines[i], msgStyle);

  if (!v.error.empty()) {
    auto errLines = wrapToWidth("ERROR " + v.errorTime + ": " + v.error, width - 2);
    if (!v.advice.empty()) {
      for (auto& l : wrapToWidth("What to do: " + v.advice, width - 2)) errLines.push_back(l);
    }
    for (std::size_t i = 0; i < 4 && i < errLines.size(); ++i) c.put(16 + i, " " + errLines[i], kRed);
  }
  c.put(20, rule);
  c.put(21, " Next: " + v.nextStep, kBold);
  c.put(22, " > " + v.input + "_");
  c.put(23, " F1 close F2 undo F3 reprint F4 pack F5 seal F6 hand over F7 re-swab F10 quit");
  return c.take();
}

}  // namespace natlims::station
