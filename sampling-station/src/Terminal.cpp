#include "natlims/station/Terminal.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace natlims::station {

namespace {

termios gSaved{};
bool gActive = false;

void restore() {
  if (!gActive) return;
  static constexpr char kLeave[] = "\x1b[0m\x1b[?25h\x1b[?1049l";
  [[maybe_unused]] auto n = ::write(STDOUT_FILENO, kLeave, sizeof kLeave - 1);
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &gSaved);
  gActive = false;
}

}  // namespace

Terminal::Terminal() {
  if (!::isatty(STDIN_FILENO)) throw std::runtime_error("the screen needs a terminal (use --script FILE otherwise)");
  if (::tcgetattr(STDIN_FILENO, &gSaved) != 0) throw std::runtime_error("cannot read the terminal mode");
  termios raw = gSaved;
  raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO));
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) != 0) throw std::runtime_error("cannot set the terminal mode");
  gActive = true;
  static bool registered = false;
  if (!registered) {
    std::atexit(restore);
    registered = true;
  }
  write("\x1b[?1049h\x1b[?25l\x1b[2J");
}

Terminal::~Terminal() { restore(); }

void Terminal::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::pair<int, int> Terminal::size() const {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) return {ws.ws_col, ws.ws_row};
  return {80, 24};
}

std::string promptPassword(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return {};
  termios saved{};
  if (::tcgetattr(fd, &saved) != 0) {
    ::close(fd);
    return {};
  }
  termios quiet = saved;
  quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
  ::tcsetattr(fd, TCSAFLUSH, &quiet);
  [[maybe_unused]] auto w = ::write(fd, prompt.data(), prompt.size());
  std::string password;
  char c;
  while (::read(fd, &c, 1) == 1 && c != '\n' && c != '\r') password.push_back(c);
  ::tcsetattr(fd, TCSAFLUSH, &saved);
  [[maybe_unused]] auto w2 = ::write(fd, "\n", 1);
  ::close(fd);
  return password;
}

}  // namespace natlims::station
