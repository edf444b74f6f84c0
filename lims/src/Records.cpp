#include "natlims/lims/Records.h"

namespace natlims::lims {

namespace {
constexpr std::pair<Role, const char*> kRoles[] = {
    {Role::Admin, "admin"},       {Role::Coordinator, "coordinator"}, {Role::Sampler, "sampler"},
    {Role::LabTech, "lab_tech"}, {Role::LabReviewer, "lab_reviewer"},
};
}  // namespace

const char* roleName(Role role) {
  for (const auto& [r, n] : kRoles)
    if (r == role) return n;
  return "sampler";
}

std::optional<Role> parseRole(const std::string& name) {
  for (const auto& [r, n] : kRoles)
    if (name == n) return r;
  return std::nullopt;
}

}  // namespace natlims::lims
