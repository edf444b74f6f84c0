// instrument-gateway: file imports, export-folder watcher and ASTM/HL7 links (docs/links.md).

#include <Poco/Exception.h>
#include <Poco/Net/NetSSL.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "natlims/gateway/FileUploader.h"
#include "natlims/gateway/FolderWatcher.h"
#include "natlims/gateway/GatewayCommand.h"
#include "natlims/gateway/LimsClient.h"
#include "natlims/gateway/Password.h"
#include "natlims/gateway/ServerRunSink.h"
#include "natlims/gateway/StderrLog.h"
#include "natlims/links/LinkServer.h"

namespace {

using namespace natlims;
using links::StoreOutcome;

constexpr std::uintmax_t kMaxImportBytes = 64ull * 1024 * 1024;

int fail(const std::string& why, int code = 2) {
  std::fprintf(stderr, "instrument-gateway: %s\n", why.c_str());
  return code;
}

int runImport(const gateway::GatewayCommand& cmd, gateway::LimsClient& client) {
  int notImported = 0;
  for (const auto& name : cmd.files) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(name, ec);
    if (ec || !std::filesystem::is_regular_file(name, ec)) {
      std::printf("%s: not imported: not a readable file\n", name.c_str());
      ++notImported;
      continue;
    }
    if (size > kMaxImportBytes) {
      std::printf("%s: not imported: larger than %ju bytes\n", name.c_str(), static_cast<std::uintmax_t>(kMaxImportBytes));
      ++notImported;
      continue;
    }
    std::ifstream in(name, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::printf("%s: not imported: cannot read it\n", name.c_str());
      ++notImported;
      continue;
    }
    const auto outcome = client.uploadFile(bytes, cmd.plate);
    switch (outcome.kind) {
      case StoreOutcome::Kind::Stored:
        std::printf("%s: %s run %s\n", name.c_str(), outcome.httpStatus == 200 ? "already imported as" : "imported as",
                    outcome.runId.c_str());
        break;
      case StoreOutcome::Kind::Refused:
        std::printf("%s: REFUSED (HTTP %d): %s\n", name.c_str(), outcome.httpStatus, outcome.reason.c_str());
        ++notImported;
        break;
      case StoreOutcome::Kind::Unavailable:
        std::printf("%s: not imported: %s\n", name.c_str(), outcome.reason.c_str());
        ++notImported;
        break;
    }
    std::fflush(stdout);
  }
  return notImported == 0 ? 0 : 1;
}

int runWatch(const gateway::GatewayCommand& cmd, gateway::LimsClient& client, const links::LogSink& log,
             const sigset_t& signals) {
  gateway::ServerFileUploader uploader(client, cmd.plate);
  gateway::WatchOptions options;
  options.pollInterval = cmd.pollInterval;
  options.stateFile = cmd.stateFile;
  try {
    gateway::FolderWatcher watcher(cmd.dir, uploader, options, log);
    std::printf("watching %s\n", cmd.dir.c_str());
    std::fflush(stdout);
    watcher.run([&](std::chrono::milliseconds wait) {
      timespec ts{static_cast<time_t>(wait.count() / 1000), static_cast<long>((wait.count() % 1000) * 1000000)};
      const int sig = sigtimedwait(&signals, nullptr, &ts);
      return sig == SIGINT || sig == SIGTERM;
    });
  } catch (const std::exception& e) {
    return fail(e.what(), 1);
  }
  log(links::LogLevel::Info, "watch: stopped");
  return 0;
}

int runListen(const gateway::GatewayCommand& cmd, gateway::LimsClient& client, const links::LogSink& log,
              const sigset_t& signals) {
  gateway::ServerRunSink sink(client);
  links::LinkServerOptions options;
  options.astm.frameTimeout = cmd.frameTimeout;
  options.hl7.messageTimeout = cmd.frameTimeout;
  options.hl7.acceptedProcessingIds = cmd.processingIds;
  links::LinkServer server(sink, options, log);
  std::vector<std::string> lines;
  try {
    if (cmd.astmPort) {
      const auto port = server.listenAstm(cmd.bind, *cmd.astmPort);
      lines.push_back("astm link listening on " + cmd.bind + ":" + std::to_string(port));
    }
    if (cmd.hl7Port) {
      const auto port = server.listenHl7(cmd.bind, *cmd.hl7Port);
      lines.push_back("hl7 link listening on " + cmd.bind + ":" + std::to_string(port));
    }
  } catch (const std::system_error& e) {
    return fail(e.what(), 1);
  }
  server.start();
  for (const auto& line : lines) std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  log(links::LogLevel::Info, std::string("stopping on ") + (sig == SIGINT ? "SIGINT" : "SIGTERM"));
  server.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = gateway::parseGatewayCommand(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.command) return fail(parsed.error);
  const auto& cmd = *parsed.command;
  if (cmd.kind == gateway::GatewayCommand::Kind::Help) {
    std::fputs(gateway::gatewayUsage(), stdout);
    return 0;
  }

  // SIGINT/SIGTERM are taken synchronously (sigwait) by the main thread: blocked here, before any
  // thread starts, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  const auto password = gateway::readPassword("Password for " + cmd.user + " at " + cmd.server + ": ");
  if (!password) return fail("no password: set LIMS_PASSWORD or run on a terminal");

  try {
    if (cmd.server.rfind("https:", 0) == 0) Poco::Net::initializeSSL();
    gateway::LimsClient client({cmd.server, cmd.user, *password, cmd.httpTimeout});
    const auto log = gateway::stderrLog(cmd.verbose);
    const auto login = client.login();
    if (login.kind == gateway::LoginResult::Kind::Refused) return fail(login.message);
    if (login.kind == gateway::LoginResult::Kind::Unreachable) {
      if (cmd.kind == gateway::GatewayCommand::Kind::Import) return fail(login.message, 1);
      log(links::LogLevel::Warning, login.message + " (will retry)");
    }
    switch (cmd.kind) {
      case gateway::GatewayCommand::Kind::Import: return runImport(cmd, client);
      case gateway::GatewayCommand::Kind::Watch: return runWatch(cmd, client, log, signals);
      case gateway::GatewayCommand::Kind::Listen: return runListen(cmd, client, log, signals);
      case gateway::GatewayCommand::Kind::Help: break;
    }
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  } catch (const Poco::Exception& e) {
    return fail("--server: " + e.displayText());
  }
  return 0;
}
