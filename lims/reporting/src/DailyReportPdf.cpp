#include "natlims/reporting/DailyReportPdf.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "PdfCanvas.h"
#include "TimeFormat.h"
#include "natlims/domain/Masking.h"

namespace natlims::reporting {

namespace {

using detail::PdfCanvas;

// WenQuanYi Micro Hei (fonts-wqy-microhei) has every Chinese character of the report; cairo's
// toy API finds it through fontconfig by family name.
constexpr const char* fontFamily = "WenQuanYi Micro Hei";

constexpr double left = 50;
constexpr double right = PdfCanvas::pageWidth - 50;
constexpr double bottom = PdfCanvas::pageHeight - 60;
constexpr double rowHeight = 14;
constexpr double firstPageTableTop = 470;  // where the positives table starts under the summary
constexpr double continuationTableTop = 110;

struct Column {
  const char* heading;
  double width;
};
constexpr Column columns[] = {{"#", 20},          {"管码 Tube", 72},   {"类型 Kind", 52},
                              {"证件号 ID", 100}, {"姓名 Name", 44},   {"结果 Result", 44},
                              {"发布 Rel.", 42},  {"报告 Sent", 42},   {"状态 Status", 79}};

std::string withThousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

std::string kindText(const DailyPositive& p) {
  switch (p.kind) {
    case ReportKind::Pooled: return "混管 " + std::to_string(p.pooledSize) + "-in-1";
    case ReportKind::Individual: return "单管 single";
    case ReportKind::Environment: return "环境 env.";
  }
  return "";
}

std::string callText(ResultCall call) {
  switch (call) {
    case ResultCall::Positive: return "阳性 pos.";
    case ResultCall::Retest: return "复检 retest";
    case ResultCall::Negative: return "阴性 neg.";
    case ResultCall::Invalid: return "无效 invalid";
  }
  return "";
}

std::string statusText(const std::string& status) {
  if (status == "within_sla") return "按时 on time";
  if (status == "late") return "超时 late";
  return "待报 pending";
}

// "14:05" on the report's own date, "12-01 14:05" otherwise.
std::string timeText(Millis at, const DailyReportData& data) {
  if (at == 0) return "—";
  const auto date = detail::localDate(at, data.utcOffsetMinutes);
  if (date == data.date) return detail::localClock(at, data.utcOffsetMinutes);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u-%02u ", static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buf + detail::localClock(at, data.utcOffsetMinutes);
}

class DailyReportWriter {
 public:
  explicit DailyReportWriter(const DailyReportData& data)
      : _d(data), _canvas(fontFamily, "核酸检测日报告 " + detail::isoDate(data.date)) {}

  std::string write() {
    _pages = pageCount();
    summary();
    if (!_d.positives.empty()) positives();
    footer();
    return _canvas.finish();
  }

 private:
  int firstPageRows() const { return static_cast<int>((bottom - firstPageTableTop - 2 * rowHeight) / rowHeight); }
  int continuationRows() const { return static_cast<int>((bottom - continuationTableTop - 2 * rowHeight) / rowHeight); }

  int pageCount() const {
    const int rows = static_cast<int>(_d.positives.size());
    if (rows <= firstPageRows()) return 1;
    return 1 + (rows - firstPageRows() + continuationRows() - 1) / continuationRows();
  }

  void summary() {
    _canvas.text(left, 70, "核酸检测日报告  Daily PCR screening report", 18, true);
    _canvas.line(left, 80, right, 80, 1);
    double y = 104;
    auto field = [&](const std::string& label, const std::string& value) {
      _canvas.text(left, y, label, 10, true);
      _canvas.text(left + 130, y, value, 10, false, right - left - 130);
      y += 16;
    };
    field("日期 Date", detail::isoDate(_d.date));
    if (!_d.title.empty()) field("地区 Area", _d.title);
    std::string campaigns;
    for (const std::string& c : _d.campaigns) campaigns += (campaigns.empty() ? "" : "; ") + c;
    field("轮次 Campaigns", campaigns.empty() ? "—" : campaigns);
    field("生成 Generated", detail::rfc3339(_d.generatedAt, _d.utcOffsetMinutes));

    const DailyCounts& c = _d.counts;
    y += 8;
    y = table(y, "检测情况 Testing",
              {{"采样人数 People sampled", c.sampledPeople},
               {"采样管数 Tubes closed", c.tubes},
               {"已出结果管数 Tubes tested", c.tested},
               {"阴性 Negative", c.negative},
               {"阳性混管 Positive pools", c.positivePools},
               {"阳性单管 Positive single tubes", c.positiveIndividuals},
               {"复检 Retest", c.retests},
               {"无效 Invalid", c.invalid}});
    y += 10;
    y = table(y, "阳性报告 Reports to public health (SLA " + std::to_string(_d.reportSlaMinutes) + " min)",
              {{"按时报告 Delivered within SLA", c.reportsWithinSla},
               {"超时报告 Delivered late", c.reportsLate},
               {"待报告 Pending", c.reportsPending}});
    y += 10;
    if (c.positivePools + c.positiveIndividuals == 0) {
      _canvas.fillRect(left, y - 13, right - left, 20, 0.92);
      _canvas.text(left + 8, y + 1, "零报告：今日无阳性。 Zero report: no positive today.", 11, true);
    } else {
      _canvas.text(left, y, "阳性 " + std::to_string(c.positivePools + c.positiveIndividuals) +
                                " 例（混管 " + std::to_string(c.positivePools) + "，单管 " +
                                std::to_string(c.positiveIndividuals) + "）  Positives: " +
                                std::to_string(c.positivePools + c.positiveIndividuals),
                   11, true);
    }
  }

  double table(double y, const std::string& heading, std::initializer_list<std::pair<const char*, std::int64_t>> rows) {
    _canvas.text(left, y, heading, 12, true);
    y += 6;
    _canvas.line(left, y, right, y, 0.8);
    y += 15;
    for (const auto& [label, value] : rows) {
      _canvas.text(left + 6, y, label, 10);
      _canvas.textRight(right - 6, y, withThousands(value), 10, true);
      _canvas.line(left, y + 5, right, y + 5, 0.2);
      y += 17;
    }
    return y;
  }

  void positives() {
    double y = firstPageTableTop;
    _canvas.text(left, y - 16, "阳性及复检明细（身份信息已脱敏） Positives and retests (identities masked)", 12, true);
    y = header(y);
    int rowOnPage = 0;
    int page = 1;
    for (std::size_t i = 0; i < _d.positives.size(); ++i) {
      const int capacity = page == 1 ? firstPageRows() : continuationRows();
      if (rowOnPage == capacity) {
        footer(page);
        _canvas.nextPage();
        ++page;
        rowOnPage = 0;
        _canvas.text(left, 70, "核酸检测日报告 " + detail::isoDate(_d.date) + "（续 continued）", 12, true);
        y = header(continuationTableTop);
      }
      row(y, i + 1, _d.positives[i]);
      y += rowHeight;
      ++rowOnPage;
    }
    _lastPage = page;
  }

  double header(double y) {
    _canvas.fillRect(left, y - 10, right - left, rowHeight, 0.88);
    double x = left + 2;
    for (const Column& c : columns) {
      _canvas.text(x, y, c.heading, 7.5, true, c.width - 3);
      x += c.width;
    }
    return y + rowHeight;
  }

  void row(double y, std::size_t number, const DailyPositive& p) {
    const std::string cells[] = {
        std::to_string(number),
        p.tube,
        kindText(p),
        p.idNumber.empty() ? (p.kind == ReportKind::Environment ? p.description : "—")
                           : domain::maskIdNumber(p.idNumber),
        p.name.empty() ? "—" : domain::maskName(p.name),
        callText(p.call),
        timeText(p.releasedAt, _d),
        timeText(p.reportedAt, _d),
        statusText(dailyReportStatus(p, _d.reportSlaMinutes)),
    };
    double x = left + 2;
    for (std::size_t c = 0; c < std::size(columns); ++c) {
      _canvas.text(x, y, cells[c], 7.5, false, columns[c].width - 3);
      x += columns[c].width;
    }
    _canvas.line(left, y + 4, right, y + 4, 0.15);
  }

  // The footer of the last page (earlier pages get theirs as they are left).
  void footer() { footer(_lastPage); }

  void footer(int page) {
    _canvas.line(left, bottom + 20, right, bottom + 20, 0.3);
    _canvas.text(left, bottom + 34, "natlims · 身份信息已按规定脱敏 identities masked", 8);
    _canvas.textRight(right, bottom + 34, "第 " + std::to_string(page) + " / " + std::to_string(_pages) + " 页  Page " +
                                               std::to_string(page) + " of " + std::to_string(_pages), 8);
  }

  const DailyReportData& _d;
  PdfCanvas _canvas;
  int _pages = 1;
  int _lastPage = 1;
};

}  // namespace

std::string dailyReportPdf(const DailyReportData& data) {
  validateDailyReport(data);
  return DailyReportWriter(data).write();
}

void writeDailyReportPdf(const DailyReportData& data, const std::string& path) {
  const std::string bytes = dailyReportPdf(data);
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw std::runtime_error("cannot rename " + temporary + " to " + path);
  }
}

}  // namespace natlims::reporting
