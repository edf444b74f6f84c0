#pragma once

#include <string>
#include <vector>

#include "natlims/lims/Store.h"

namespace natlims::lims {

/// A demo user and the password generated for it.
struct DemoCredential {
  std::string username;
  std::string role;
  std::string password;
};

/// The demo town's residents, always the same for the same count.
std::vector<PersonRow> demoResidents(int residents);

/// Seeds an empty store with a demo town: `residents` people in grid units (valid generated
/// resident IDs), one campaign in progress, and one user for each role. Returns the users made.
std::vector<DemoCredential> seedDemoTown(Store& store, int residents, int pbkdf2Iterations, Millis now);

/// Writes the credentials to `path` (mode 0600), replacing it atomically.
void writeCredentialsFile(const std::string& path, const std::vector<DemoCredential>& credentials);

/// Reads them back; empty when the file is absent.
std::vector<DemoCredential> readCredentialsFile(const std::string& path);

}  // namespace natlims::lims
