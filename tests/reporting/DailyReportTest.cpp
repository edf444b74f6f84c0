#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "LoopbackServers.h"
#include "SampleReports.h"
#include "natlims/domain/Masking.h"
#include "natlims/reporting/DailyReportCsv.h"
#include "natlims/reporting/DailyReportPdf.h"
#include "natlims/reporting/ReportError.h"

using namespace natlims::reporting;
using namespace std::chrono;

namespace {

constexpr Millis minute = 60 * 1000;

DailyReportData zeroDay() {
  DailyReportData d;
  d.date = 2026y / December / 1;
  d.title = "演示镇 Demo town";
  d.campaigns = {"第一轮 Round 1"};
  d.generatedAt = test::releasedAt + 9 * 60 * minute;  // 2026-12-02 00:00 +08:00
  d.counts.sampledPeople = 123456;
  d.counts.tubes = 12400;
  d.counts.tested = 12388;
  d.counts.negative = 12385;
  d.counts.retests = 2;
  d.counts.invalid = 1;
  return d;
}

DailyReportData positiveDay(int individuals) {
  DailyReportData d = zeroDay();
  d.counts.negative -= 1 + individuals;
  d.counts.positivePools = 1;
  d.counts.positiveIndividuals = individuals;
  DailyPositive pool;
  pool.tube = "T1POOL0001";
  pool.kind = ReportKind::Pooled;
  pool.pooledSize = 10;
  pool.releasedAt = test::releasedAt;
  pool.reportedAt = test::releasedAt + 45 * minute;
  d.positives.push_back(pool);
  for (int i = 0; i < individuals; ++i) {
    DailyPositive p;
    p.tube = "TX" + std::to_string(10000000 + i);
    p.kind = ReportKind::Individual;
    p.idType = natlims::domain::IdType::ResidentId;
    p.idNumber = test::residentId("110105", "19900307", 100 + i);
    p.name = i == 0 ? "张三" : "欧阳娜娜" + std::to_string(i);
    p.releasedAt = test::releasedAt;
    p.reportedAt = i % 3 == 0 ? test::releasedAt + 30 * minute : i % 3 == 1 ? test::releasedAt + 150 * minute : 0;
    d.positives.push_back(p);
  }
  d.counts.reportsWithinSla = 1 + (individuals + 2) / 3;
  d.counts.reportsLate = (individuals + 1) / 3;
  d.counts.reportsPending = individuals / 3;
  return d;
}

std::string pdfText(const std::string& pdfPath) {
  std::string out;
  REQUIRE(test::runCommand("pdftotext -layout '" + pdfPath + "' - 2>/dev/null", &out) == 0);
  return out;
}

int pdfPages(const std::string& pdfPath) {
  std::string info;
  REQUIRE(test::runCommand("pdfinfo '" + pdfPath + "' 2>/dev/null", &info) == 0);
  const auto at = info.find("Pages:");
  REQUIRE(at != std::string::npos);
  return std::stoi(info.substr(at + 6));
}

}  // namespace

TEST_CASE("daily summary CSV: one row per figure, a zero day says so", "[reporting][daily]") {
  const std::string csv = dailySummaryCsv(zeroDay());
  const std::string expected =
      "metric,value\r\n"
      "date,2026-12-01\r\n"
      "title,演示镇 Demo town\r\n"
      "campaigns,第一轮 Round 1\r\n"
      "report_sla_minutes,120\r\n"
      "generated_at,2026-12-02T00:00:00+08:00\r\n"
      "sampled_people,123456\r\n"
      "tubes,12400\r\n"
      "tested,12388\r\n"
      "negative,12385\r\n"
      "positive_pools,0\r\n"
      "positive_individuals,0\r\n"
      "retests,2\r\n"
      "invalid,1\r\n"
      "reports_within_sla,0\r\n"
      "reports_late,0\r\n"
      "reports_pending,0\r\n"
      "zero_report,true\r\n";
  CHECK(csv == expected);
  CHECK(dailySummaryCsv(positiveDay(3)).find("zero_report,false\r\n") != std::string::npos);
  CHECK(dailyPositivesCsv(zeroDay()) ==
        "tube,kind,pooled_size,id_type,id_number,name,description,result,released_at,reported_at,report_status\r\n");
}

TEST_CASE("daily positives CSV: masked identities and the SLA status of each report", "[reporting][daily]") {
  const DailyReportData d = positiveDay(3);
  const std::string csv = dailyPositivesCsv(d);
  std::istringstream lines(csv);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) rows.push_back(line.substr(0, line.size() - 1));  // drop CR
  REQUIRE(rows.size() == 5);
  CHECK(rows[1] == "T1POOL0001,pooled,10,,,,,positive,2026-12-01T15:00:00+08:00,2026-12-01T15:45:00+08:00,within_sla");
  CHECK(rows[2] == "TX10000000,individual,1,resident_id,1101**********100" + d.positives[1].idNumber.substr(17) +
                       ",张*,,positive,2026-12-01T15:00:00+08:00,2026-12-01T15:30:00+08:00,within_sla");
  CHECK(rows[3].find(",late") == rows[3].size() - 5);
  CHECK(rows[4].find(",,pending") == rows[4].size() - 9);
  for (const DailyPositive& p : d.positives) {
    if (p.idNumber.empty()) continue;
    CHECK(csv.find(p.idNumber) == std::string::npos);
    CHECK(csv.find(p.name) == std::string::npos);
    CHECK(csv.find(natlims::domain::maskIdNumber(p.idNumber)) != std::string::npos);
  }
}

TEST_CASE("a CSV field that a spreadsheet would run as a formula is defused", "[reporting][daily]") {
  DailyReportData d = zeroDay();
  d.title = "=HYPERLINK(\"x\")";
  d.campaigns = {"A, B", "-1"};
  const std::string csv = dailySummaryCsv(d);
  CHECK(csv.find("title,\"'=HYPERLINK(\"\"x\"\")\"\r\n") != std::string::npos);
  CHECK(csv.find("campaigns,\"A, B; -1\"\r\n") != std::string::npos);
}

TEST_CASE("daily figures that cannot be are refused naming the field", "[reporting][daily]") {
  DailyReportData d = zeroDay();
  d.counts.negative = -1;
  CHECK_THROWS_WITH(dailySummaryCsv(d), Catch::Contains("counts.negative"));
  d = zeroDay();
  d.counts.tested = 10;
  CHECK_THROWS_WITH(dailySummaryCsv(d), Catch::Contains("counts.tested"));
  d = positiveDay(1);
  d.positives[1].idNumber.clear();
  CHECK_THROWS_WITH(dailyPositivesCsv(d), Catch::Contains("positives[1].id_number"));
  d = positiveDay(1);
  d.positives[0].name = "张三";  // a pool names nobody
  CHECK_THROWS_WITH(dailyReportPdf(d), Catch::Contains("positives[0].id_number"));
  d = zeroDay();
  d.date = year{2026} / 2 / 30;
  CHECK_THROWS_WITH(dailyReportPdf(d), Catch::Contains("date"));
}

TEST_CASE("the daily PDF of a zero day is one page with its figures and the zero-report line", "[reporting][daily][pdf]") {
  test::TempDir dir;
  const std::string path = dir.path() + "/daily.pdf";
  writeDailyReportPdf(zeroDay(), path);
  REQUIRE(std::filesystem::exists(path));
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  CHECK(pdfPages(path) == 1);
  // Rendered by poppler, independently of cairo.
  REQUIRE(test::runCommand("pdftoppm -r 40 -png '" + path + "' '" + dir.path() + "/page' 2>/dev/null") == 0);
  CHECK(std::filesystem::exists(dir.path() + "/page-1.png"));
  const std::string text = pdfText(path);
  for (const char* expected : {"核酸检测日报告", "2026-12-01", "演示镇 Demo town", "第一轮 Round 1", "123,456",
                               "12,400", "12,388", "12,385", "零报告", "Zero report", "SLA 120 min"}) {
    INFO(expected);
    CHECK(text.find(expected) != std::string::npos);
  }
}

TEST_CASE("the daily PDF lists positives masked, continuing on further pages", "[reporting][daily][pdf]") {
  test::TempDir dir;
  struct Row {
    int individuals;
    int pages;
  };
  for (const Row row : {Row{3, 1}, Row{19, 1}, Row{20, 2}, Row{64, 2}, Row{100, 3}}) {
    INFO(row.individuals << " individual positives");
    const DailyReportData d = positiveDay(row.individuals);
    const std::string path = dir.path() + "/daily-" + std::to_string(row.individuals) + ".pdf";
    writeDailyReportPdf(d, path);
    CHECK(pdfPages(path) == row.pages);
    const std::string text = pdfText(path);
    CHECK(text.find("零报告") == std::string::npos);
    CHECK(text.find("T1POOL0001") != std::string::npos);
    CHECK(text.find("混管 10-in-1") != std::string::npos);
    CHECK(text.find("Page " + std::to_string(row.pages) + " of " + std::to_string(row.pages)) != std::string::npos);
    for (const DailyPositive& p : d.positives) {
      INFO(p.tube);
      CHECK(text.find(p.tube) != std::string::npos);  // every row is somewhere
      if (p.idNumber.empty()) continue;
      CHECK(text.find(p.idNumber) == std::string::npos);
      CHECK(text.find(natlims::domain::maskIdNumber(p.idNumber)) != std::string::npos);
      CHECK(text.find(p.name) == std::string::npos);
    }
    CHECK(text.find("张*") != std::string::npos);
  }
}
