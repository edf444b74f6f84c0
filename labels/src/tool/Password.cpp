#include "Password.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "CommandLine.h"

namespace natlims::labels::tool {

std::string readPassword(const std::string& user) {
  if (const char* env = std::getenv("LIMS_PASSWORD"); env != nullptr && *env != '\0') return env;
  if (!::isatty(STDIN_FILENO)) throw UsageError("no password: set LIMS_PASSWORD or run on a terminal");
  std::cerr << "Password for " << user << ": " << std::flush;
  termios saved{};
  const bool canHide = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (canHide) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (canHide) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << "\n";
  if (password.empty()) throw UsageError("no password given");
  return password;
}

}  // namespace natlims::labels::tool
