#include "app/DemoTown.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "auth/Passwords.h"
#include "natlims/domain/IdDocument.h"

namespace natlims::lims {

namespace {

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
                                  "秀英", "桂英", "建华", "志强", "晓燕", "海燕", "子涵", "一诺"};
constexpr const char* kStreets[] = {"Riverside Street", "Hilltop Street"};
constexpr const char* kCommunities[] = {"Garden Community", "Orchard Community", "Lakeview Community"};

std::string residentId(std::mt19937& rng, int serial) {
  std::uniform_int_distribution<int> year(1935, 2020), month(1, 12), day(1, 28);
  char buf[32];
  std::snprintf(buf, sizeof buf, "110105%04d%02d%02d%03d", year(rng), month(rng), day(rng), serial % 1000);
  std::string first17(buf);
  return first17 + domain::residentIdCheckChar(first17);
}

}  // namespace

std::vector<PersonRow> demoResidents(int residents) {
  // Deterministic: the demo's simulated stations regenerate the same people after a restart.
  std::mt19937 rng(20261201);
  std::vector<PersonRow> rows;
  std::uniform_int_distribution<int> surname(0, std::size(kSurnames) - 1), given(0, std::size(kGiven) - 1);
  for (int i = 0; i < residents; ++i) {
    PersonRow row;
    row.idType = static_cast<int>(domain::IdType::ResidentId);
    row.idNumber = residentId(rng, i);
    row.name = std::string(kSurnames[surname(rng)]) + kGiven[given(rng)];
    row.phone = "139" + std::to_string(10000000 + (i * 7919) % 90000000);
    const int building = i / 120;  // ~120 people per building
    row.gridPath = std::string("Xinhe District/") + kStreets[building % 2] + "/" + kCommunities[(building / 2) % 3] +
                   "/Building " + std::to_string(building + 1);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<DemoCredential> seedDemoTown(Store& store, int residents, int pbkdf2Iterations, Millis now) {
  Actor system{0, "demo", Role::Admin, "local", now};
  std::vector<DemoCredential> users;
  const std::pair<const char*, Role> kDemoUsers[] = {{"coordinator", Role::Coordinator},
                                                     {"sampler", Role::Sampler},
                                                     {"labtech", Role::LabTech},
                                                     {"reviewer", Role::LabReviewer}};
  for (const auto& [name, role] : kDemoUsers) {
    DemoCredential c{name, roleName(role), generatePassword()};
    store.createUser(c.username, role, hashPassword(c.password, pbkdf2Iterations), system);
    users.push_back(c);
  }
  store.importPopulation(demoResidents(residents), system);
  CampaignRecord round;
  round.name = "Xinhe round 1";
  round.area = "Xinhe District";
  round.startsAt = now - 2 * 3600 * 1000;
  store.createCampaign(round, system);
  return users;
}

void writeCredentialsFile(const std::string& path, const std::vector<DemoCredential>& credentials) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# natlims demo users (demo data only; change or remove for real use)\n";
    for (const auto& c : credentials) out << c.username << ' ' << c.role << ' ' << c.password << '\n';
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
  }
  ::chmod(tmp.c_str(), 0600);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

std::vector<DemoCredential> readCredentialsFile(const std::string& path) {
  std::vector<DemoCredential> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    DemoCredential c;
    if (fields >> c.username >> c.role >> c.password) out.push_back(c);
  }
  return out;
}

}  // namespace natlims::lims
