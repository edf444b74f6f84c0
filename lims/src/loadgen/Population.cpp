#include "loadgen/Population.h"

#include <chrono>
#include <cstdio>

#include "natlims/domain/IdDocument.h"

namespace natlims::loadgen {

std::string residentIdFor(std::uint64_t n) {
  const std::uint64_t seq = n % 1000;
  const std::uint64_t dayIndex = (n / 1000) % 36500;
  const std::uint64_t area = 110101 + n / 36'500'000;
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::year{1925} / 1 / 1} +
                                        std::chrono::days{static_cast<int>(dayIndex)}};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%06llu%04d%02u%02u%03llu", static_cast<unsigned long long>(area),
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<unsigned long long>(seq));
  std::string first17(buf);
  return first17 + domain::residentIdCheckChar(first17);
}

std::string nameFor(std::uint64_t n) {
  static constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
  static constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"};
  return std::string(kSurnames[n % 8]) + kGiven[(n / 8) % 10] + kGiven[(n / 80) % 10];
}

}  // namespace natlims::loadgen
