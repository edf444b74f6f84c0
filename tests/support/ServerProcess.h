#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace natlims::test {

/// The whole content of a file ("" when it cannot be read).
std::string readFile(const std::string& path);

/// A temporary directory removed (recursively) when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return _path; }
  std::string file(const std::string& name) const { return _path + "/" + name; }

 private:
  std::string _path;
};

/// The real lims-server binary (NATLIMS_BIN_DIR/lims-server) started on port 0 with a data
/// directory, as users start it. Stopped with SIGTERM (or killed with SIGKILL) on request and
/// when the object goes.
class ServerProcess {
 public:
  struct Options {
    std::string dataDir;
    std::string adminPassword = "admin-password-1";
    std::vector<std::string> extraArgs;
    std::map<std::string, std::string> env;
  };

  explicit ServerProcess(Options options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// Starts the server and waits for its "listening on" line; throws with its output on failure.
  void start();
  /// SIGTERM and wait; returns the exit status.
  int stop();
  /// SIGKILL and wait: the crash a power cut or the OOM killer causes.
  void kill();
  bool running() const { return _pid > 0; }

  const std::string& baseUrl() const { return _baseUrl; }
  int port() const { return _port; }
  /// Everything the server printed on stdout so far (after start: up to the listening line).
  const std::string& output() const { return _stdout; }
  /// The stderr file's content.
  std::string errors() const;

 private:
  Options _options;
  int _pid = -1;
  int _stdoutFd = -1;
  std::string _stdout;
  std::string _stderrPath;
  std::string _baseUrl;
  int _port = 0;
};

/// Runs a program to completion: its exit status and output.
struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};
RunResult runProgram(const std::string& path, const std::vector<std::string>& args,
                     const std::map<std::string, std::string>& env = {}, const std::string& stdinText = {});

}  // namespace natlims::test
