#include "LoopbackServers.h"

#include <sys/wait.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <istream>
#include <ostream>
#include <random>
#include <sstream>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>

namespace natlims::reporting::test {

namespace {

// Field `n` (MSH-n) of the MSH segment of `message`.
std::string mshField(const std::string& message, int n) {
  const std::string msh = message.substr(0, message.find('\r'));
  int field = 1;  // MSH-1 is the separator after "MSH"
  std::size_t start = 4;
  while (field + 1 < n) {
    const std::size_t bar = msh.find('|', start);
    if (bar == std::string::npos) return {};
    start = bar + 1;
    ++field;
  }
  return msh.substr(start, msh.find('|', start) - start);
}

// Raw field `n` of the first segment named `name`.
std::string segmentField(const std::string& message, const std::string& name, int n) {
  const std::size_t at = message.find("\r" + name + "|");
  if (at == std::string::npos) return {};
  const std::string segment = message.substr(at + 1, message.find('\r', at + 1) - at - 1);
  std::size_t start = 0;
  for (int i = 0; i < n; ++i) {
    start = segment.find('|', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  return segment.substr(start, segment.find('|', start) - start);
}

std::string frame(const std::string& text) { return "\x0b" + text + "\x1c\x0d"; }

std::string ack(const std::string& code, const std::string& controlId, const std::string& text,
                const std::string& err = {}) {
  std::string out = "MSH|^~\\&|CDC-RECEIVER|CDC|NATLIMS|LAB|20261201150001+0800||ACK^R01^ACK|ACK-" + controlId +
                    "|P|2.5.1\rMSA|" + code + "|" + controlId;
  if (!text.empty()) out += "|" + text;
  out += "\r";
  if (!err.empty()) out += err + "\r";
  return out;
}

}  // namespace

MllpTestServer::MllpTestServer(Mode mode) : _mode(mode) {
  _socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  _socket.listen();
  _port = _socket.address().port();
  _thread = std::thread([this] { run(); });
}

MllpTestServer::~MllpTestServer() {
  _stop = true;
  _thread.join();
  _socket.close();
}

std::vector<std::string> MllpTestServer::received() const {
  std::lock_guard<std::mutex> lock(_mutex);
  return _received;
}

void MllpTestServer::run() {
  while (!_stop) {
    if (!_socket.poll(Poco::Timespan(0, 20000), Poco::Net::Socket::SELECT_READ)) continue;
    Poco::Net::StreamSocket connection = _socket.acceptConnection();
    try {
      serve(connection);
    } catch (const Poco::Exception&) {
      // The client went away: next connection.
    }
    connection.close();
  }
}

void MllpTestServer::serve(Poco::Net::StreamSocket& socket) {
  std::string buffer;
  char chunk[4096];
  socket.setReceiveTimeout(Poco::Timespan(0, 20000));
  while (!_stop) {
    int n = 0;
    try {
      n = socket.receiveBytes(chunk, sizeof chunk);
    } catch (const Poco::TimeoutException&) {
      continue;
    }
    if (n <= 0) return;
    buffer.append(chunk, static_cast<std::size_t>(n));
    const std::size_t end = buffer.find("\x1c\x0d");
    if (end != std::string::npos) break;
  }
  if (_stop) return;
  const std::string message = buffer.substr(1, buffer.find("\x1c\x0d") - 1);
  {
    std::lock_guard<std::mutex> lock(_mutex);
    _received.push_back(message);
  }
  const std::string controlId = mshField(message, 10);
  std::string answer;
  switch (_mode.load()) {
    case Mode::Accept: answer = frame(ack("AA", controlId, "")); break;
    case Mode::Error:
      // A receiver that quotes the identity it refuses: the transport must mask it.
      answer = frame(ack("AE", controlId, "PID-3 not in registry: " + segmentField(message, "PID", 3),
                         "ERR||PID^1^3|204^Unknown key identifier^HL70357|E||||Person " +
                             segmentField(message, "PID", 5) + " unknown"));
      break;
    case Mode::Reject: answer = frame(ack("AR", controlId, "Processing ID not accepted")); break;
    case Mode::Garbage: answer = "HTTP/1.1 400 Bad Request\r\n\r\n"; break;
    case Mode::OtherControlId: answer = frame(ack("AA", "SOMEOTHERID0000V1", "")); break;
    case Mode::Close: return;
    case Mode::Silent:
      while (!_stop) {
        try {
          if (socket.receiveBytes(chunk, sizeof chunk) <= 0) return;
        } catch (const Poco::TimeoutException&) {
        }
      }
      return;
  }
  socket.sendBytes(answer.data(), static_cast<int>(answer.size()));
}

struct HttpTestServer::Shared {
  Answer answer;
  std::mutex mutex;
  std::vector<SeenRequest> requests;  // guarded by mutex
};

namespace {

class CannedHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit CannedHandler(std::shared_ptr<HttpTestServer::Shared> shared) : _shared(std::move(shared)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    SeenRequest seen;
    seen.method = request.getMethod();
    seen.uri = request.getURI();
    for (const auto& [name, value] : request) {
      std::string lower;
      for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      seen.headers[lower] = value;
    }
    Poco::StreamCopier::copyToString(request.stream(), seen.body);
    {
      std::lock_guard<std::mutex> lock(_shared->mutex);
      _shared->requests.push_back(seen);
    }
    const CannedAnswer answer = _shared->answer(seen);
    if (answer.delayMillis > 0) std::this_thread::sleep_for(std::chrono::milliseconds(answer.delayMillis));
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType(answer.contentType);
    for (const auto& [name, value] : answer.headers) response.set(name, value);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.send() << answer.body;
  }

 private:
  std::shared_ptr<HttpTestServer::Shared> _shared;
};

class CannedFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit CannedFactory(std::shared_ptr<HttpTestServer::Shared> shared) : _shared(std::move(shared)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new CannedHandler(_shared);
  }

 private:
  std::shared_ptr<HttpTestServer::Shared> _shared;
};

Poco::ThreadPool& serverPool() {
  static Poco::ThreadPool pool(2, 8);
  return pool;
}

}  // namespace

HttpTestServer::HttpTestServer(Answer answer, const std::string& certificateFile, const std::string& keyFile)
    : _shared(std::make_shared<Shared>()), _secure(!certificateFile.empty()) {
  _shared->answer = std::move(answer);
  Poco::Net::ServerSocket socket;
  if (_secure) {
    Poco::Net::initializeSSL();
    Poco::Net::Context::Params params;
    params.certificateFile = certificateFile;
    params.privateKeyFile = keyFile;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    socket = Poco::Net::SecureServerSocket(context);
  }
  socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, false);
  socket.listen();
  _port = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(4);
  params->setMaxQueued(16);
  params->setKeepAlive(true);
  _server = std::make_unique<Poco::Net::HTTPServer>(new CannedFactory(_shared), serverPool(), socket, params);
  _server->start();
}

HttpTestServer::~HttpTestServer() { _server->stopAll(true); }

std::string HttpTestServer::url(const std::string& path) const {
  return std::string(_secure ? "https" : "http") + "://127.0.0.1:" + std::to_string(_port) + path;
}

std::vector<SeenRequest> HttpTestServer::requests() const {
  std::lock_guard<std::mutex> lock(_shared->mutex);
  return _shared->requests;
}

TempDir::TempDir() {
  std::random_device random;
  _path = (std::filesystem::temp_directory_path() / ("natlims-reporting-" + std::to_string(random()))).string();
  std::filesystem::create_directories(_path);
}

TempDir::~TempDir() {
  std::error_code error;
  std::filesystem::remove_all(_path, error);
}

int runCommand(const std::string& command, std::string* output) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf{};
  std::string out;
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool makeSelfSignedCertificate(const std::string& dir) {
  const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
                              "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
                              dir + "/key.pem' -out '" + dir + "/cert.pem' 2>/dev/null";
  return runCommand(command) == 0;
}

}  // namespace natlims::reporting::test
