#include "ServerProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace natlims::test {

namespace {

std::vector<char*> cstrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> environmentWith(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "natlims-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  _path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(_path, ec);
}

ServerProcess::ServerProcess(Options options) : _options(std::move(options)) {}

ServerProcess::~ServerProcess() {
  if (_pid > 0) kill();
}

std::string ServerProcess::errors() const { return readFile(_stderrPath); }

void ServerProcess::start() {
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe failed");
  _stderrPath = _options.dataDir + "/server-stderr.log";
  std::filesystem::create_directories(_options.dataDir);
  std::vector<std::string> args{std::string(NATLIMS_BIN_DIR) + "/lims-server", "--data", _options.dataDir, "--port", "0"};
  for (const auto& a : _options.extraArgs) args.push_back(a);
  auto extra = _options.env;
  if (!_options.adminPassword.empty()) extra["LIMS_ADMIN_PASSWORD"] = _options.adminPassword;
  auto env = environmentWith(extra);
  auto argv = cstrings(args);
  auto envp = cstrings(env);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    const int err = open(_stderrPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(err, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    // The server reads config/lims.ini relative to its working directory: run it in the data
    // directory so tests never pick up a developer's file.
    if (chdir(_options.dataDir.c_str()) != 0) _exit(126);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out[1]);
  _pid = pid;
  _stdoutFd = out[0];
  _stdout.clear();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{_stdoutFd, POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[4096];
      const ssize_t n = read(_stdoutFd, buf, sizeof buf);
      if (n <= 0) break;
      _stdout.append(buf, static_cast<std::size_t>(n));
      const auto at = _stdout.find("listening on http://");
      if (at != std::string::npos && _stdout.find('\n', at) != std::string::npos) {
        const auto line = _stdout.substr(at + 20, _stdout.find('\n', at) - at - 20);
        _port = std::stoi(line.substr(line.rfind(':') + 1));
        _baseUrl = "http://" + line;
        // Keep draining stdout in the background is unnecessary: the server prints nothing more
        // than a few lines (demo users), which fit the pipe buffer.
        return;
      }
    }
    int status = 0;
    if (waitpid(_pid, &status, WNOHANG) == _pid) {
      _pid = -1;
      throw std::runtime_error("lims-server exited before listening: " + _stdout + errors());
    }
  }
  kill();
  throw std::runtime_error("lims-server did not start listening in 30 s: " + _stdout + errors());
}

int ServerProcess::stop() {
  if (_pid <= 0) return -1;
  ::kill(_pid, SIGTERM);
  int status = 0;
  waitpid(_pid, &status, 0);
  _pid = -1;
  close(_stdoutFd);
  _stdoutFd = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::kill() {
  if (_pid <= 0) return;
  ::kill(_pid, SIGKILL);
  int status = 0;
  waitpid(_pid, &status, 0);
  _pid = -1;
  close(_stdoutFd);
  _stdoutFd = -1;
}

RunResult runProgram(const std::string& path, const std::vector<std::string>& argsIn,
                     const std::map<std::string, std::string>& extraEnv, const std::string& stdinText) {
  TempDir tmp;
  const std::string outPath = tmp.file("out"), errPath = tmp.file("err"), inPath = tmp.file("in");
  { std::ofstream(inPath) << stdinText; }
  std::vector<std::string> args{path};
  args.insert(args.end(), argsIn.begin(), argsIn.end());
  auto env = environmentWith(extraEnv);
  auto argv = cstrings(args);
  auto envp = cstrings(env);
  const pid_t pid = fork();
  if (pid == 0) {
    const int in = open(inPath.c_str(), O_RDONLY);
    const int out = open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = readFile(outPath);
  r.err = readFile(errPath);
  return r;
}

}  // namespace natlims::test
