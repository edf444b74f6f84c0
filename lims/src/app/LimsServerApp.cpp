// lims-server: the application shell. Reads the configuration once, opens the store, wires the
// handlers and serves until SIGINT/SIGTERM.
#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/File.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/PatternFormatter.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "Metrics.h"
#include "api/Routes.h"
#include "app/DemoTown.h"
#include "app/Kits.h"
#include "natlims/instruments/TableMapping.h"
#include "demo/DemoActivity.h"
#include "demo/DemoReceiver.h"
#include "outbox/OutboxWorker.h"
#include "auth/Passwords.h"
#include "http/ApiConnection.h"
#include "http/ApiRequestHandler.h"
#include "natlims/lims/ServerConfig.h"
#include "store/SqliteStore.h"

namespace natlims::lims {

namespace {

constexpr int kDemoResidents = 3000;

Poco::AutoPtr<Poco::Channel> stderrChannel() {
  Poco::AutoPtr<Poco::PatternFormatter> fmt(new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S %p %s: %t"));
  return new Poco::FormattingChannel(fmt, new Poco::ConsoleChannel(std::cerr));
}

}  // namespace

class LimsServerApp final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    using Poco::Util::Option;
    const auto set = [this](const char* key) {
      return Poco::Util::OptionCallback<LimsServerApp>(this, &LimsServerApp::storeOption);
      (void)key;
    };
    options.addOption(Option("help", "h", "show this help and exit").callback(set("help")));
    options.addOption(Option("config", "", "configuration file (default: config/lims.ini when present)")
                          .argument("FILE").callback(set("config")));
    options.addOption(Option("data", "", "data directory (default: ./var)").argument("DIR").callback(set("data")));
    options.addOption(Option("bind", "", "address to listen on (default: 127.0.0.1)").argument("ADDR").callback(set("bind")));
    options.addOption(Option("port", "", "port to listen on, 0 for any free port (default: 8080)")
                          .argument("N").callback(set("port")));
    options.addOption(Option("demo", "", "seed an empty data directory with a demo town and print its users")
                          .callback(set("demo")));
  }

  void storeOption(const std::string& name, const std::string& value) {
    if (name == "help") {
      Poco::Util::HelpFormatter help(options());
      help.setCommand("lims-server");
      help.setUsage("[--config FILE] [--data DIR] [--bind ADDR] [--port N] [--demo]");
      help.setHeader(
          "natlims LIMS server: registrations, tubes, campaigns and results over HTTP (API under /api/v1).\n"
          "The admin password comes from LIMS_ADMIN_PASSWORD on first start, or is generated and printed once.");
      help.format(std::cout);
      _helpRequested = true;
      stopOptionsProcessing();
    } else {
      _options[name] = value.empty() ? "true" : value;
    }
  }

  int main(const std::vector<std::string>& args) override {
    if (_helpRequested) return EXIT_OK;
    Poco::Logger& log = Poco::Logger::get("lims");
    log.setChannel(stderrChannel());
    if (!args.empty()) {
      std::cerr << "lims-server: unexpected argument '" << args.front() << "' (see --help)\n";
      return EXIT_USAGE;
    }
    try {
      return serve(log);
    } catch (const std::invalid_argument& e) {
      std::cerr << "lims-server: " << e.what() << '\n';
      return EXIT_CONFIG;
    } catch (const instruments::KitError& e) {
      std::cerr << "lims-server: kit: " << e.what() << '\n';
      return EXIT_CONFIG;
    } catch (const Poco::Exception& e) {
      std::cerr << "lims-server: " << e.displayText() << '\n';
      return EXIT_SOFTWARE;
    } catch (const std::exception& e) {
      std::cerr << "lims-server: " << e.what() << '\n';
      return EXIT_SOFTWARE;
    }
  }

 private:
  Poco::AutoPtr<Poco::Util::AbstractConfiguration> readConfigFile() {
    std::string path = _options.count("config") ? _options["config"] : "";
    if (path.empty() && Poco::File("config/lims.ini").exists()) path = "config/lims.ini";
    if (path.empty()) return new Poco::Util::MapConfiguration;
    if (!Poco::File(path).exists()) throw std::invalid_argument("configuration file " + path + " does not exist");
    return new Poco::Util::IniFileConfiguration(path);
  }

  int serve(Poco::Logger& log) {
    auto file = readConfigFile();
    if (_options.count("bind")) file->setString("server.bind", _options["bind"]);
    if (_options.count("port")) file->setString("server.port", _options["port"]);
    const std::string dataDir = Poco::Path(_options.count("data") ? _options["data"] : "var").absolute().toString();
    Poco::File(dataDir).createDirectories();
    ServerConfig config = ServerConfig::load(*file, Poco::Path(dataDir).toString(Poco::Path::PATH_UNIX));
    const bool demo = _options.count("demo") > 0;
    // The demo reports to a stand-in receiver when no real endpoint is configured.
    std::unique_ptr<DemoReceiver> demoReceiver;
    if (demo && (config.reportingEndpoint.empty() || config.healthcodeEndpoint.empty())) {
      demoReceiver = std::make_unique<DemoReceiver>(log);
      if (config.reportingEndpoint.empty()) config.reportingEndpoint = demoReceiver->reportingUrl();
      if (config.healthcodeEndpoint.empty()) config.healthcodeEndpoint = demoReceiver->healthcodeUrl();
    }

    Metrics metrics;
    SqliteStore store({config.storeUrl.substr(7), config.cacheMb, config.maxGroup, config.readers, config.keepInMemoryMb}, &metrics);
    const bool fresh = store.userCount() == 0;
    if (fresh) bootstrapAdmin(store, config);
    const std::string credentialsPath = Poco::Path(dataDir, "demo-credentials.txt").toString();
    if (demo && fresh) writeCredentialsFile(credentialsPath, seedDemoTown(store, kDemoResidents, config.pbkdf2Iterations, nowMillis()));

    std::unique_ptr<AccessLog> access;
    if (config.accessLog) access = std::make_unique<AccessLog>(Poco::Path(dataDir, "access.log").toString());
    ServerContext context(config, store, metrics, access.get(), log);
    context.kits = loadKits(config.kitsDir);
    if (!config.tableMappings.empty()) {
      try {
        context.tableMappings = instruments::loadTableMappings(config.tableMappings);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("configuration key lab.table_mappings: ") + e.what());
      }
    }
    context.preRegistrationKey = loadOrCreateKey(Poco::Path(dataDir, "preregistration.key").toString());
    for (const auto& s : store.activeSessions(nowMillis())) {
      if (const auto user = store.findUserById(s.userId); user && !user->disabled)
        context.sessions.add(s.tokenHash, Principal{user->id, user->username, user->role, s.expiresAt});
    }
    OutboxWorker outbox(store, context.kits, config, metrics, log);
    outbox.start();
    context.outbox = &outbox;
    const Router router = buildRouter(context);

    Poco::Net::ServerSocket socket;
    // reusePort=false: a second server on the same port must fail, not silently share it.
    socket.bind(Poco::Net::SocketAddress(config.bind, static_cast<Poco::UInt16>(config.port)), true, false);
    socket.listen(256);
    Poco::ThreadPool pool("http", 16, config.threads);
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config.threads);
    params->setMaxQueued(config.queue);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(config.keepAliveSeconds, 0));
    OpenConnections connections;
    Poco::Net::TCPServer server(new ApiConnectionFactory(params, new ApiRequestHandlerFactory(router, context), connections),
                                pool, socket, params);
    server.start();

    if (demo) printDemoUsers(credentialsPath);
    const auto address = socket.address();
    const std::string baseUrl = "http://" + address.host().toString() + ':' + std::to_string(address.port());
    std::unique_ptr<DemoActivity> activity;
    if (demo && config.demoPeoplePerMinute > 0) {
      // The simulated round talks to the server over loopback, like real stations and labs.
      const std::string loopback = "http://127.0.0.1:" + std::to_string(address.port());
      activity = std::make_unique<DemoActivity>(loopback, readCredentialsFile(credentialsPath), demoResidents(kDemoResidents),
                                                config.demoPeoplePerMinute, log);
      activity->start();
    }
    std::cout << "listening on " << baseUrl << std::endl;

    waitForTerminationRequest();
    log.information("stopping: finishing requests in progress");
    if (activity) activity->stop();
    outbox.stop();
    // No new connections; requests in progress finish; idle keep-alive connections end now.
    server.stop();
    connections.stop();
    pool.joinAll();
    store.close();
    log.information("stopped");
    access.reset();  // writes the lines still pending
    return EXIT_OK;
  }

  void bootstrapAdmin(Store& store, const ServerConfig& config) {
    const char* env = std::getenv("LIMS_ADMIN_PASSWORD");
    std::string password = env && *env ? env : "";
    const bool generated = password.empty();
    if (generated) password = generatePassword();
    if (password.size() < 10) throw std::invalid_argument("LIMS_ADMIN_PASSWORD must be at least 10 characters");
    Actor system{0, "bootstrap", Role::Admin, "local", nowMillis()};
    store.createUser("admin", Role::Admin, hashPassword(password, config.pbkdf2Iterations), system);
    if (generated) std::cout << "created user admin with password " << password << " (shown once)" << std::endl;
    else std::cout << "created user admin with the password from LIMS_ADMIN_PASSWORD" << std::endl;
  }

  // The pre-registration signing key lives beside the database (mode 0600) so payloads issued
  // before a restart still verify after it.
  static domain::Ed25519PrivateKey loadOrCreateKey(const std::string& path) {
    if (Poco::File(path).exists()) {
      std::ifstream in(path);
      std::string text((std::istreambuf_iterator<char>(in)), {});
      const auto key = domain::ed25519PrivateKeyFromBase64(text);
      if (!key) throw std::runtime_error(path + " is not a pre-registration key (32 bytes, base64)");
      return *key;
    }
    const auto key = domain::generateEd25519PrivateKey();
    const std::string tmp = path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      ::chmod(tmp.c_str(), 0600);
      out << domain::toBase64(key) << '\n';
      if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
    }
    Poco::File(tmp).renameTo(path);
    return key;
  }

  static void printDemoUsers(const std::string& path) {
    const auto users = readCredentialsFile(path);
    if (users.empty()) return;
    std::cout << "demo users (from " << path << "):\n";
    for (const auto& u : users) std::cout << "  " << u.username << " (" << u.role << ") password " << u.password << '\n';
    std::cout << std::flush;
  }

  std::map<std::string, std::string> _options;
  bool _helpRequested = false;
};

}  // namespace natlims::lims

POCO_SERVER_MAIN(natlims::lims::LimsServerApp)
