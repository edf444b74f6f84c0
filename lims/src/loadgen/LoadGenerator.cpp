// lims-loadgen: drives lims-server with realistic registration traffic over many keep-alive
// connections (Boost.Asio, one thread), or times a population import. Used by bench/lims.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "loadgen/Population.h"

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string server;
  std::string user;
  std::string password;
  std::int64_t campaign = 0;
  int connections = 256;
  double seconds = 60;
  double invalidShare = 0.02;
  std::uint64_t firstPerson = 0;
  std::int64_t importRows = 0;
  std::uint64_t lookupPeople = 0;  // > 0: look up results of people 0..N-1 instead of registering
  bool json = false;
};

[[noreturn]] void usage(const std::string& error) {
  if (!error.empty()) std::cerr << "lims-loadgen: " << error << " (see --help)\n";
  else
    std::cout << "usage: lims-loadgen --server URL --user NAME --campaign ID [--connections N] [--seconds S]\n"
                 "                    [--invalid-share F] [--first-person N] [--json]\n"
                 "       lims-loadgen --server URL --user NAME --import-rows N [--first-person N] [--json]\n"
                 "       lims-loadgen --server URL --user NAME --lookups N [--connections N] [--seconds S] [--json]\n"
                 "Registers generated people (valid resident IDs, 10 per tube, Idempotency-Key on each\n"
                 "request, a share of requests with a mistyped ID that must be refused) over many keep-alive\n"
                 "connections for S seconds and reports throughput and latency percentiles. With\n"
                 "--import-rows it uploads a population CSV of N rows and reports rows per second. With\n"
                 "--lookups N it looks up the results of generated people 0..N-1 (registered by an earlier\n"
                 "run) with their names and reports lookups per second.\n"
                 "The password comes from LIMS_PASSWORD.\n";
  std::exit(error.empty() ? 0 : 2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--help" || a == "-h") usage("");
      else if (a == "--server") o.server = value();
      else if (a == "--user") o.user = value();
      else if (a == "--campaign") o.campaign = std::stoll(value());
      else if (a == "--connections") o.connections = std::stoi(value());
      else if (a == "--seconds") o.seconds = std::stod(value());
      else if (a == "--invalid-share") o.invalidShare = std::stod(value());
      else if (a == "--first-person") o.firstPerson = std::stoull(value());
      else if (a == "--import-rows") o.importRows = std::stoll(value());
      else if (a == "--lookups") o.lookupPeople = std::stoull(value());
      else if (a == "--json") o.json = true;
      else usage("unknown argument " + a);
    } catch (const std::logic_error&) {
      usage("bad value for " + a);
    }
  }
  if (o.server.empty()) usage("--server is required");
  if (o.user.empty()) usage("--user is required");
  if (o.importRows == 0 && o.lookupPeople == 0 && o.campaign <= 0)
    usage("--campaign ID (or --import-rows N, or --lookups N) is required");
  if (o.connections < 1 || o.connections > 10000) usage("--connections must be 1..10000");
  if (o.invalidShare < 0 || o.invalidShare > 1) usage("--invalid-share must be 0..1");
  const char* pw = std::getenv("LIMS_PASSWORD");
  if (!pw || !*pw) usage("set LIMS_PASSWORD to the user's password");
  o.password = pw;
  return o;
}

// Setup calls (login, code allocation, import) go through Poco's client: simple and rare.
std::string call(const Poco::URI& base, const std::string& path, const std::string& body, const std::string& token,
                 const std::string& type, int& status) {
  Poco::Net::HTTPClientSession s(base.getHost(), base.getPort());
  s.setTimeout(Poco::Timespan(600, 0));
  Poco::Net::HTTPRequest req("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setContentType(type);
  req.setContentLength64(static_cast<Poco::Int64>(body.size()));
  if (!token.empty()) req.set("Authorization", "Bearer " + token);
  s.sendRequest(req) << body;
  Poco::Net::HTTPResponse res;
  std::ostringstream out;
  Poco::StreamCopier::copyStream(s.receiveResponse(res), out);
  status = res.getStatus();
  return out.str();
}

std::string login(const Poco::URI& base, const Options& o) {
  int status = 0;
  const auto body = call(base, "/api/v1/session", R"({"username":")" + o.user + R"(","password":")" + o.password + R"("})",
                         "", "application/json", status);
  if (status != 201) throw std::runtime_error("login failed: " + body);
  Poco::JSON::Parser p;
  return p.parse(body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("token");
}

std::vector<std::string> allocateTubes(const Poco::URI& base, const std::string& token, std::size_t n) {
  std::vector<std::string> codes;
  while (codes.size() < n) {
    const auto want = std::min<std::size_t>(10000, n - codes.size());
    int status = 0;
    const auto body = call(base, "/api/v1/tube-codes", "{\"count\":" + std::to_string(want) + "}", token,
                           "application/json", status);
    if (status != 201) throw std::runtime_error("tube code allocation failed: " + body);
    Poco::JSON::Parser p;
    auto arr = p.parse(body).extract<Poco::JSON::Object::Ptr>()->getArray("codes");
    for (std::size_t i = 0; i < arr->size(); ++i) codes.push_back(arr->getElement<std::string>(static_cast<unsigned>(i)));
  }
  return codes;
}

struct Stats {
  std::vector<std::uint32_t> latencyMicros;
  std::uint64_t created = 0, refusedAsExpected = 0, unexpected = 0, errors = 0;
};

// Hands out tubes and people: each connection fills its own tube with 10 people, so connections
// never compete for places and every tube closes itself at the pool size.
struct Traffic {
  std::vector<std::string> tubes;
  std::size_t nextTube = 0;
  std::uint64_t nextPerson = 0;
  std::int64_t campaign = 0;
  std::string token;
  std::string host;
  double invalidShare = 0;
  std::mt19937_64 rng{7};

  std::uint64_t lookupPeople = 0;

  std::string nextLookup() {
    const std::uint64_t n = std::uniform_int_distribution<std::uint64_t>(0, lookupPeople - 1)(rng);
    const std::string body = R"({"id_type":"resident_id","id_number":")" + natlims::loadgen::residentIdFor(n) +
                             R"(","name":")" + natlims::loadgen::nameFor(n) + R"("})";
    return "POST /api/v1/results/lookup HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

  std::string nextRequest(std::string& tube, int& inTube, bool& invalid) {
    if (lookupPeople > 0) {
      invalid = false;
      return nextLookup();
    }
    if (tube.empty() || inTube == 10) {
      if (nextTube >= tubes.size()) return {};
      tube = tubes[nextTube++];
      inTube = 0;
    }
    invalid = std::uniform_real_distribution<double>(0, 1)(rng) < invalidShare;
    const std::uint64_t n = nextPerson++;
    std::string id = natlims::loadgen::residentIdFor(n);
    if (invalid) id[17] = id[17] == '0' ? '1' : '0';  // a mistyped check character: must be refused
    else ++inTube;
    const std::string body = R"({"campaign_id":)" + std::to_string(campaign) + R"(,"tube":")" + tube +
                             R"(","id_type":"resident_id","id_number":")" + id + R"(","name":")" + natlims::loadgen::nameFor(n) +
                             R"(","station":"loadgen-)" + std::to_string(n % 64) + R"("})";
    return "POST /api/v1/registrations HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nIdempotency-Key: lg-" + std::to_string(n) +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(asio::io_context& io, const tcp::endpoint& ep, Traffic& traffic, Stats& stats, Clock::time_point end)
      : _socket(io), _endpoint(ep), _traffic(traffic), _stats(stats), _end(end) {}

  void start() {
    auto self = shared_from_this();
    _socket.async_connect(_endpoint, [self](const boost::system::error_code& ec) {
      if (ec) {
        ++self->_stats.errors;
        return;
      }
      self->_socket.set_option(tcp::no_delay(true));
      self->sendNext();
    });
  }

 private:
  void sendNext() {
    if (Clock::now() >= _end) return;
    _request = _traffic.nextRequest(_tube, _inTube, _invalid);
    if (_request.empty()) return;  // out of tubes
    _sent = Clock::now();
    auto self = shared_from_this();
    asio::async_write(_socket, asio::buffer(_request), [self](const boost::system::error_code& ec, std::size_t) {
      if (ec) {
        ++self->_stats.errors;
        return;
      }
      self->readHead();
    });
  }

  void readHead() {
    auto self = shared_from_this();
    asio::async_read_until(_socket, _buffer, "\r\n\r\n", [self](const boost::system::error_code& ec, std::size_t n) {
      if (ec) {
        ++self->_stats.errors;
        return;
      }
      std::string head(asio::buffers_begin(self->_buffer.data()), asio::buffers_begin(self->_buffer.data()) + n);
      self->_buffer.consume(n);
      const int status = head.size() > 12 ? std::atoi(head.c_str() + 9) : 0;
      std::size_t length = 0;
      auto at = head.find("Content-Length: ");
      if (at != std::string::npos) length = std::stoul(head.substr(at + 16));
      const std::size_t have = std::min(length, self->_buffer.size());
      const std::size_t need = length - have;
      asio::async_read(self->_socket, self->_buffer, asio::transfer_exactly(need),
                       [self, status, length](const boost::system::error_code& ec2, std::size_t) {
                         if (ec2) {
                           ++self->_stats.errors;
                           return;
                         }
                         self->_buffer.consume(length);
                         self->finish(status);
                       });
    });
  }

  void finish(int status) {
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - _sent).count();
    _stats.latencyMicros.push_back(static_cast<std::uint32_t>(micros));
    if ((status == 201 || (status == 200 && _traffic.lookupPeople > 0)) && !_invalid) ++_stats.created;
    else if (status == 422 && _invalid) ++_stats.refusedAsExpected;
    // Lookups of the people whose registration carried a mistyped ID (never stored): not found.
    else if (status == 404 && _traffic.lookupPeople > 0) ++_stats.refusedAsExpected;
    else ++_stats.unexpected;
    sendNext();
  }

  tcp::socket _socket;
  tcp::endpoint _endpoint;
  Traffic& _traffic;
  Stats& _stats;
  Clock::time_point _end;
  asio::streambuf _buffer;
  std::string _request, _tube;
  int _inTube = 0;
  bool _invalid = false;
  Clock::time_point _sent;
};

double percentile(std::vector<std::uint32_t>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k] / 1000.0;
}

int runRegistrations(const Options& o, const Poco::URI& base, const std::string& token) {
  Traffic traffic;
  traffic.campaign = o.campaign;
  traffic.token = token;
  traffic.host = base.getHost() + ":" + std::to_string(base.getPort());
  traffic.invalidShare = o.invalidShare;
  traffic.nextPerson = o.firstPerson;
  traffic.lookupPeople = o.lookupPeople;
  // Enough tubes for 20,000 registrations a second over the run.
  if (o.lookupPeople == 0)
    traffic.tubes = allocateTubes(base, token, static_cast<std::size_t>(o.seconds * 2000) + 10 * o.connections);
  asio::io_context io;
  tcp::resolver resolver(io);
  const auto ep = *resolver.resolve(base.getHost(), std::to_string(base.getPort())).begin();
  Stats stats;
  stats.latencyMicros.reserve(static_cast<std::size_t>(o.seconds * 30000));
  const auto started = Clock::now();
  const auto end = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  for (int i = 0; i < o.connections; ++i)
    std::make_shared<Connection>(io, ep.endpoint(), traffic, stats, end)->start();
  io.run();
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  const double p50 = percentile(stats.latencyMicros, 0.50), p99 = percentile(stats.latencyMicros, 0.99),
               p999 = percentile(stats.latencyMicros, 0.999);
  const double rate = static_cast<double>(stats.created) / elapsed;
  if (o.json) {
    std::cout << R"({"seconds":)" << elapsed << R"(,"connections":)" << o.connections
              << (o.lookupPeople ? R"(,"mode":"lookups")" : R"(,"mode":"registrations")") << R"(,"registrations":)"
              << stats.created << R"(,"registrations_per_second":)" << rate << R"(,"refused_as_expected":)"
              << stats.refusedAsExpected << R"(,"unexpected":)" << stats.unexpected << R"(,"errors":)" << stats.errors
              << R"(,"p50_ms":)" << p50 << R"(,"p99_ms":)" << p99 << R"(,"p999_ms":)" << p999
              << R"(,"next_person":)" << traffic.nextPerson << "}\n";
  } else {
    std::cout << "registrations: " << stats.created << " in " << elapsed << " s = " << rate << "/s over "
              << o.connections << " connections\n"
              << "refused as expected (mistyped IDs): " << stats.refusedAsExpected << ", unexpected answers: "
              << stats.unexpected << ", connection errors: " << stats.errors << "\n"
              << "latency ms: p50 " << p50 << "  p99 " << p99 << "  p99.9 " << p999 << "\n"
              << "next person: " << traffic.nextPerson << "\n";
  }
  return stats.unexpected == 0 && stats.errors == 0 ? 0 : 1;
}

int runImport(const Options& o, const Poco::URI& base, const std::string& token) {
  std::string csv = "id_type,id_number,name,phone,grid_unit\n";
  csv.reserve(static_cast<std::size_t>(o.importRows) * 80);
  for (std::int64_t i = 0; i < o.importRows; ++i) {
    const auto n = o.firstPerson + static_cast<std::uint64_t>(i);
    csv += "resident_id," + natlims::loadgen::residentIdFor(n) + "," + natlims::loadgen::nameFor(n) + ",139" +
           std::to_string(10000000 + n % 89999999) + ",Bench District/Street " + std::to_string(n / 100000 % 20) +
           "/Community " + std::to_string(n / 5000 % 20) + "/Building " + std::to_string(n / 120 % 40) + "\n";
  }
  const auto started = Clock::now();
  int status = 0;
  const auto body = call(base, "/api/v1/population", csv, token, "text/csv", status);
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  if (status != 200) {
    std::cerr << "lims-loadgen: import failed with " << status << ": " << body.substr(0, 300) << "\n";
    return 1;
  }
  const double rate = static_cast<double>(o.importRows) / elapsed;
  if (o.json) std::cout << R"({"rows":)" << o.importRows << R"(,"seconds":)" << elapsed << R"(,"rows_per_second":)" << rate
                        << R"(,"bytes":)" << csv.size() << "}\n";
  else std::cout << "imported " << o.importRows << " rows (" << csv.size() / 1e6 << " MB) in " << elapsed << " s = " << rate << " rows/s\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  try {
    const Poco::URI base(o.server);
    const std::string token = login(base, o);
    return o.importRows > 0 ? runImport(o, base, token) : runRegistrations(o, base, token);
  } catch (const Poco::Exception& e) {
    std::cerr << "lims-loadgen: " << e.displayText() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "lims-loadgen: " << e.what() << "\n";
  }
  return 1;
}
