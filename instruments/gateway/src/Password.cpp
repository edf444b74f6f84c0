#include "natlims/gateway/Password.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>

namespace natlims::gateway {

std::optional<std::string> readPassword(const std::string& prompt) {
  if (const char* env = std::getenv("LIMS_PASSWORD"); env != nullptr) return std::string(env);
  // Ask on the controlling terminal, not on stdin/stdout: those may be redirected.
  const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (tty < 0) return std::nullopt;
  termios saved{};
  const bool isTerminal = ::tcgetattr(tty, &saved) == 0;
  if (!isTerminal) {
    ::close(tty);
    return std::nullopt;
  }
  termios quiet = saved;
  quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
  quiet.c_lflag |= ECHONL;
  ::tcsetattr(tty, TCSAFLUSH, &quiet);
  [[maybe_unused]] auto written = ::write(tty, prompt.data(), prompt.size());
  std::string password;
  char c = 0;
  while (::read(tty, &c, 1) == 1 && c != '\n' && c != '\r') password.push_back(c);
  ::tcsetattr(tty, TCSAFLUSH, &saved);
  ::close(tty);
  return password;
}

}  // namespace natlims::gateway
