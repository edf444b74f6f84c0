#include "LabelPlanner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "CodeDisplay.h"
#include "natlims/domain/CodeScheme.h"
#include "natlims/domain/Utf8.h"
#include "natlims/labels/LabelError.h"

namespace natlims::labels {

namespace {

// Text is measured at this size and scaled: with hinted metrics off, advances are linear in size.
constexpr double kReferenceSize = 100.0;
constexpr double kMmPerInch = 25.4;
constexpr std::size_t kMaxCampaignChars = 40;
constexpr int kMaxPoolSize = 99;

std::string formatMm(double mm) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", mm);
  return buf;
}

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool isIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::stoi(s.substr(0, 4));
  const int m = std::stoi(s.substr(5, 2));
  const int d = std::stoi(s.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && isLeap(y) ? 1 : 0);
}

}  // namespace

LabelPlanner::LabelPlanner(const LabelLayout& layout, const LabelFont& font) : _layout(layout), _font(font) {
  _scratch = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
  _cr = cairo_create(_scratch);
  cairo_set_font_face(_cr, _font.face());
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(_cr, options);
  cairo_font_options_destroy(options);
  cairo_set_font_size(_cr, kReferenceSize);
  cairo_font_extents_t fe;
  cairo_font_extents(_cr, &fe);
  _ascent = fe.ascent;
  _descent = fe.descent;

  const int width = layout.widthDots();
  const int height = layout.heightDots();
  const int margin = static_cast<int>(std::lround(layout.marginMm * layout.dpi / kMmPerInch));
  const std::string size = formatMm(layout.widthMm) + "x" + formatMm(layout.heightMm) + " mm";

  // The largest whole number of dots per module that fits the symbol and its quiet zone (or the
  // margin, when that is wider) in the label's height. Whole dots keep every module the same
  // size on a thermal printer.
  int pad = 0;
  for (_module = height / kModules; _module > 0; --_module) {
    pad = std::max(kQuietModules * _module, margin);
    if (kModules * _module + 2 * pad <= height) break;
  }
  const double moduleMm = _module * kMmPerInch / layout.dpi;
  if (_module < 2 || moduleMm < 0.25)
    throw ConfigError("labels.size: a " + size + " label at " + std::to_string(layout.dpi) +
                          " dpi leaves QR modules smaller than 0.25 mm (2 dots); scanners would miss them",
                      "labels.size");
  _qrX = pad;
  _qrY = (height - kModules * _module) / 2;

  const double tx = _qrX + kModules * _module + pad;
  const double tw = width - margin - tx;
  const double ty = margin;
  const double th = height - 2.0 * margin;
  if (tw * kMmPerInch / layout.dpi < 8.0)
    throw ConfigError("labels.size: a " + size + " label leaves less than 8 mm beside the QR code for the text",
                      "labels.size");
  _codeLine1 = {tx, ty, tw, th * 0.30};
  _codeLine2 = {tx, ty + th * 0.30, tw, th * 0.30};
  _campaignLine = {tx, ty + th * 0.60, tw, th * 0.20};
  _infoLine = {tx, ty + th * 0.80, tw, th * 0.20};
  _minTextDots = layout.minTextMm * layout.dpi / kMmPerInch;

  // One size for every code, so that all labels of a batch look alike: the size at which the
  // widest symbols of the alphabet fill a line, and the tallest fill 92 % of its height.
  double maxAdvance = 0;
  double overhang = 0;  // how far a line may start left of its origin (see inkStart)
  for (char c : domain::codes::kAlphabet) {
    const Extents e = measure(std::string(1, c));
    maxAdvance = std::max(maxAdvance, e.advance);
    overhang = std::max(overhang, -e.inkLeft);
  }
  const Extents all = measure(std::string(domain::codes::kAlphabet));
  const double space = measure(" ").advance;
  _codeInkTop = all.inkTop / kReferenceSize;
  _codeInkHeight = (all.inkTop + all.inkBottom) / kReferenceSize;
  _codeSize = std::min({_codeLine1.h * 0.92 / _codeInkHeight, tw / ((4 * maxAdvance + overhang) / kReferenceSize),
                        tw / ((6 * maxAdvance + space + overhang) / kReferenceSize)});
  if (_codeSize * _codeInkHeight < _minTextDots)
    throw ConfigError("labels.size: a " + size + " label leaves the printed code smaller than labels.min_text_mm",
                      "labels.size");

  // The widest pool-and-date line must fit too; campaign names are checked label by label.
  LabelContent widest;
  widest.poolSize = kMaxPoolSize;
  widest.date = "2026-12-31";
  const std::string info = poolText(widest.poolSize) + "  " + widest.date;
  if (fitSize(info, _infoLine, 1e9) < _minTextDots)
    throw ConfigError("labels.size: a " + size + " label has no room for the pool size and date at labels.min_text_mm",
                      "labels.size");
}

LabelPlanner::~LabelPlanner() {
  cairo_destroy(_cr);
  cairo_surface_destroy(_scratch);
}

LabelPlanner::Extents LabelPlanner::measure(const std::string& text) {
  cairo_text_extents_t te;
  cairo_text_extents(_cr, text.c_str(), &te);
  return {te.x_advance, -te.y_bearing, te.height + te.y_bearing, te.x_bearing};
}

double LabelPlanner::fitSize(const std::string& text, const Box& box, double maxSize) {
  const double lineHeight = (_ascent + _descent) / kReferenceSize;
  const double advance = measure(text).advance / kReferenceSize;
  double size = std::min(maxSize, box.h * 0.92 / lineHeight);
  if (advance > 0) size = std::min(size, box.w / advance);
  return size;
}

// Glyphs such as 'J' reach left of their origin; starting such a line further right keeps its
// ink out of the QR code's quiet zone.
double LabelPlanner::inkStart(const std::string& text, const Box& box, double size) {
  const double left = measure(text).inkLeft * size / kReferenceSize;
  return left < 0 ? box.x - std::floor(left) : box.x;
}

TextRun LabelPlanner::placeLine(const std::string& text, const Box& box, double size) {
  const double lineHeight = (_ascent + _descent) * size / kReferenceSize;
  return {text, inkStart(text, box, size), box.y + (box.h - lineHeight) / 2 + _ascent * size / kReferenceSize, size};
}

std::string LabelPlanner::poolText(int poolSize) const {
  if (poolSize <= 0) return {};
  if (_layout.language == LabelLanguage::Chinese) return poolSize == 1 ? "单管" : std::to_string(poolSize) + "合1";
  return poolSize == 1 ? "single" : std::to_string(poolSize) + "-in-1";
}

LabelPlan LabelPlanner::plan(const LabelContent& content) {
  const auto check = domain::validateCode(content.code);
  if (!check.ok) {
    throw ContentError("code '" + displayCodeInput(content.code) + "' " + check.error, "code");
  }
  const std::string& campaign = content.campaign;
  if (!domain::isValidUtf8(campaign)) throw ContentError("campaign: not valid UTF-8", "campaign");
  if (domain::hasControlCharacter(campaign)) throw ContentError("campaign: holds a control character", "campaign");
  if (domain::utf8Length(campaign) > kMaxCampaignChars)
    throw ContentError("campaign: a short name has at most " + std::to_string(kMaxCampaignChars) + " characters",
                       "campaign");
  if (const std::string missing = _font.firstMissingCharacter(campaign); !missing.empty())
    throw ContentError("campaign: the label font (" + _font.familyName() + ") has no glyph for '" + missing + "'",
                       "campaign");
  if (content.poolSize < 0 || content.poolSize > kMaxPoolSize)
    throw ContentError("pool_size: must be 0 (not printed) to " + std::to_string(kMaxPoolSize), "pool_size");
  if (!content.date.empty() && !isIsoDate(content.date))
    throw ContentError("date: '" + content.date.substr(0, 16) + "' is not a date YYYY-MM-DD", "date");

  LabelPlan p;
  p.width = _layout.widthDots();
  p.height = _layout.heightDots();
  p.dpi = _layout.dpi;
  p.code = check.code;
  p.qr = encodeQr(p.code);
  if (p.qr.size != kModules)
    throw ContentError("code: too long for the label's QR symbol (needs version " + std::to_string(p.qr.version) +
                           ", the layout holds version 1)",
                       "code");
  p.qrX = _qrX;
  p.qrY = _qrY;
  p.module = _module;

  const std::string grouped = domain::groupCodeForReading(p.code);  // "T3K7 9QW 4XA"
  for (const auto& [text, box] : {std::pair{grouped.substr(0, 4), _codeLine1}, std::pair{grouped.substr(5), _codeLine2}}) {
    const double baseline = box.y + (box.h - _codeInkHeight * _codeSize) / 2 + _codeInkTop * _codeSize;
    p.text.push_back({text, inkStart(text, box, _codeSize), baseline, _codeSize, true});
  }
  if (!campaign.empty()) {
    const double size = fitSize(campaign, _campaignLine, _codeSize);
    if (size < _minTextDots) {
      const double mm = size * kMmPerInch / _layout.dpi;
      char shown[16];
      std::snprintf(shown, sizeof shown, "%.1f", mm);
      throw ContentError("campaign: the short name is too long for a " + formatMm(_layout.widthMm) + "x" +
                             formatMm(_layout.heightMm) + " mm label (it would print " + shown +
                             " mm high, the minimum is " + formatMm(_layout.minTextMm) + " mm)",
                         "campaign");
    }
    p.text.push_back(placeLine(campaign, _campaignLine, size));
  }
  std::string info = poolText(content.poolSize);
  if (!content.date.empty()) info += (info.empty() ? "" : "  ") + content.date;
  if (!info.empty()) p.text.push_back(placeLine(info, _infoLine, fitSize(info, _infoLine, _codeSize)));
  return p;
}

}  // namespace natlims::labels
